import type { Me, OwnedTask } from '@pixy/api-contract';
import { AppRoles } from '@pixy/auth-contract';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RequireRole from '../../../lib/auth/require-role';
import {
  fakeMsal,
  msalContext,
  renderPage,
  testAccount,
  type FakeMsal,
} from '../../../../test-support/fake-msal';
import AdminPage from './admin-page';

const ada = testAccount('Ada Admin', 'ada@pixy.test');
let msal: FakeMsal;

vi.mock('@azure/msal-react', () => ({
  useMsal: () => msalContext(msal, ada),
  useAccount: () => ada,
  useIsAuthenticated: () => true,
}));

/** The API's answers, typed by the contract the API answers with. */
function fakeApi(roles: string[]) {
  const me = {
    oid: 'ada-oid',
    tid: 't',
    name: null,
    preferredUsername: null,
    scopes: [],
    roles,
  } satisfies Me;
  const everyTask = [
    {
      id: '1',
      title: 'Alice’s task',
      done: false,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      owner: { tenantId: 't', objectId: 'alice-oid' },
    },
  ] satisfies OwnedTask[];
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      const path = new URL(url).pathname;
      paths.push(path);
      return Promise.resolve(Response.json(path === '/api/me' ? me : everyTask));
    }),
  );
  return paths;
}

/** The admin route as the route table declares it. */
function renderAdminRoute() {
  renderPage(
    <RequireRole role={AppRoles.TasksAdmin} title="Admin">
      <AdminPage />
    </RequireRole>,
    '/admin',
  );
}

describe('Admin route', () => {
  beforeEach(() => {
    msal = fakeMsal(ada);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists every user’s tasks with their owner for a holder of the admin role, per /api/me', async () => {
    fakeApi([AppRoles.TasksAdmin]);
    renderAdminRoute();

    const table = await screen.findByRole('table');
    expect(table).toHaveTextContent('Alice’s task');
    expect(table).toHaveTextContent('alice-oid');
  });

  it('explains the missing role to anyone else, without calling the admin endpoint', async () => {
    const paths = fakeApi([]);
    renderAdminRoute();

    const notice = await screen.findByText(/You need the app role/);
    expect(notice.closest('[role="status"]')).toHaveTextContent(
      `You need the app role ${AppRoles.TasksAdmin}`,
    );
    expect(screen.getByRole('heading', { name: 'Admin' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(paths).toEqual(['/api/me']);
  });
});
