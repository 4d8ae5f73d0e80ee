import { AppRoles } from '@pixy/auth-contract';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fakeMsal,
  msalContext,
  renderPage,
  testAccount,
  type FakeMsal,
} from '../../../test/fake-msal';
import { AdminPage } from './admin-page';

const ada = testAccount('Ada Admin', 'ada@pixy.test');
let msal: FakeMsal;

vi.mock('@azure/msal-react', () => ({ useMsal: () => msalContext(msal, ada) }));

function fakeApi(roles: string[]) {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      const path = new URL(url).pathname;
      paths.push(path);
      if (path === '/api/me') {
        return Promise.resolve(Response.json({ oid: 'o', tid: 't', scopes: [], roles }));
      }
      return Promise.resolve(
        Response.json([
          {
            id: '1',
            title: 'Alice’s task',
            done: false,
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
            owner: { tenantId: 't', objectId: 'alice-oid' },
          },
        ]),
      );
    }),
  );
  return paths;
}

describe('Admin page', () => {
  beforeEach(() => {
    msal = fakeMsal(ada);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists every user’s tasks for a holder of the admin role, per /api/me', async () => {
    fakeApi([AppRoles.TasksAdmin]);
    renderPage(<AdminPage />, '/admin');

    const table = await screen.findByRole('table');
    expect(table).toHaveTextContent('Alice’s task');
    expect(table).toHaveTextContent('alice-oid');
  });

  it('explains the missing role to anyone else, without calling the admin endpoint', async () => {
    const paths = fakeApi([]);
    renderPage(<AdminPage />, '/admin');

    const notice = await screen.findByText(/You need the app role/);
    expect(notice.closest('[role="status"]')).toHaveTextContent(
      `You need the app role ${AppRoles.TasksAdmin}`,
    );
    expect(paths).toEqual(['/api/me']);
  });
});
