import type { CreateTask, Task } from '@pixy/api-contract';
import { Scopes } from '@pixy/auth-contract';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fakeMsal,
  msalContext,
  renderPage,
  testAccount,
  type FakeMsal,
} from '../../../../test-support/fake-msal';
import { apiScope } from '../../../lib/auth/auth-requests';
import { permissionMemory } from '../../../lib/auth/permission-memory';
import TasksPage from './tasks-page';

const alice = testAccount('Alice Adams', 'alice@pixy.test');
let msal: FakeMsal;

vi.mock('@azure/msal-react', () => ({
  useMsal: () => msalContext(msal, alice),
  useAccount: () => alice,
  useIsAuthenticated: () => true,
}));

/** A task as the API answers it (the contract's shape). */
function task(id: string, title: string): Task {
  const at = '2026-01-01T00:00:00.000Z';
  return { id, title, done: false, createdAt: at, updatedAt: at };
}

/** A tiny in-memory API: records which token each call carried. */
function fakeApi(tasks: Task[] = []) {
  const calls: { method: string; path: string; token: string | undefined }[] = [];
  const fetch = vi.fn((url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    const method = init.method ?? 'GET';
    const token = (init.headers as Record<string, string>).Authorization;
    calls.push({ method, path, token });
    if (method === 'GET') return Promise.resolve(Response.json(tasks));
    const { title } = JSON.parse(init.body as string) as CreateTask;
    const created = task(String(tasks.length + 1), title);
    tasks.push(created);
    return Promise.resolve(Response.json(created, { status: 201 }));
  });
  vi.stubGlobal('fetch', fetch);
  return { calls };
}

describe('Tasks page', () => {
  beforeEach(() => {
    msal = fakeMsal(alice);
  });
  afterEach(() => {
    permissionMemory.clear();
    vi.unstubAllGlobals();
  });

  it('lists tasks with a Tasks.Read token and adds one with a Tasks.ReadWrite token', async () => {
    const api = fakeApi([task('1', 'Water the plants')]);
    renderPage(<TasksPage />, '/tasks');

    expect(await screen.findByText('Water the plants')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'New task' }), 'Buy milk');
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));

    const list = await screen.findByRole('list', { name: 'Your tasks' });
    expect(await within(list).findByText('Buy milk')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'New task' })).toHaveValue('');
    expect(api.calls[0]).toEqual({
      method: 'GET',
      path: '/api/tasks',
      token: `Bearer token for ${apiScope(Scopes.TasksRead)}`,
    });
    expect(api.calls.find((call) => call.method === 'POST')?.token).toBe(
      `Bearer token for ${apiScope(Scopes.TasksReadWrite)}`,
    );
  });

  it('tells a user refused Tasks.ReadWrite that they can only read, and never asks again by itself', async () => {
    permissionMemory.deny(alice.homeAccountId, Scopes.TasksReadWrite);
    fakeApi([task('1', 'Read me')]);
    renderPage(<TasksPage />, '/tasks');

    expect(await screen.findByText('Read me')).toBeInTheDocument();
    expect(screen.getByText(`You lack permission ${Scopes.TasksReadWrite}`)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'New task' })).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Read me' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Delete Read me' })).not.toBeInTheDocument();
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('turns a 403 insufficient_scope on a write into the remembered read-only state', async () => {
    const fetch = vi.fn((_url: string, init: RequestInit) =>
      Promise.resolve(
        init.method === 'POST'
          ? new Response('{}', {
              status: 403,
              headers: {
                'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${Scopes.TasksReadWrite}"`,
              },
            })
          : Response.json([]),
      ),
    );
    vi.stubGlobal('fetch', fetch);
    renderPage(<TasksPage />, '/tasks');

    await userEvent.type(await screen.findByRole('textbox', { name: 'New task' }), 'Nope');
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));

    expect(
      await screen.findByText(`You lack permission ${Scopes.TasksReadWrite}`),
    ).toBeInTheDocument();
    expect(permissionMemory.isDenied(alice.homeAccountId, Scopes.TasksReadWrite)).toBe(true);
  });

  it('shows an error with a way to try again when the API is down', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    renderPage(<TasksPage />, '/tasks');

    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      'Cannot reach the API at http://localhost:3000',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('Tasks page, first write without consent', () => {
  beforeEach(() => {
    msal = fakeMsal(alice);
  });
  afterEach(() => {
    permissionMemory.clear();
    vi.unstubAllGlobals();
  });

  it('asks for Tasks.ReadWrite once, through a redirect back to this page', async () => {
    fakeApi([]);
    msal.acquireTokenSilent.mockImplementation(async (request) => {
      if (request.scopes.includes(apiScope(Scopes.TasksReadWrite))) {
        const { InteractionRequiredAuthError } = await import('@azure/msal-browser');
        throw new InteractionRequiredAuthError('consent_required', '');
      }
      return { accessToken: 'read token' } as never;
    });
    renderPage(<TasksPage />, '/tasks');

    await userEvent.type(await screen.findByRole('textbox', { name: 'New task' }), 'Write me');
    await userEvent.click(screen.getByRole('button', { name: 'Add task' }));

    // The form (and the list, refreshed after the write) say the page is on its way.
    const statuses = await screen.findAllByRole('status');
    expect(statuses[0]).toHaveTextContent('Redirecting to the identity provider');
    expect(msal.acquireTokenRedirect).toHaveBeenCalledTimes(1);
    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith(
      expect.objectContaining({ scopes: [apiScope(Scopes.TasksReadWrite)] }),
    );
  });
});

/**
 * The page as a new page load gets it: every module fresh (the access-token getter's
 * "a redirect has started" flag lives for a page's life), as after a redirect.
 */
async function reloadedTasksPage() {
  vi.resetModules();
  return (await import('./tasks-page')).default;
}

describe('Tasks page, delete all tasks (a step-up)', () => {
  const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

  beforeEach(() => {
    msal = fakeMsal(alice);
    sessionStorage.clear();
  });
  afterEach(() => {
    permissionMemory.clear();
    vi.unstubAllGlobals();
  });

  /** The API: DELETE /api/tasks needs a token from a step-up, else a claims challenge. */
  function stepUpApi(tasks: Task[]) {
    const deletes: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit) => {
        const token = (init.headers as Record<string, string>).Authorization ?? '';
        if (init.method === 'DELETE' && new URL(url).pathname === '/api/tasks') {
          deletes.push(token);
          if (!token.includes('stepped up')) {
            return Promise.resolve(
              new Response('{}', {
                status: 401,
                headers: {
                  'WWW-Authenticate': `Bearer realm="", error="insufficient_claims", claims="${btoa(claims)}", cc_type="authcontext"`,
                },
              }),
            );
          }
          tasks.length = 0;
          return Promise.resolve(new Response(null, { status: 204 }));
        }
        return Promise.resolve(Response.json(tasks));
      }),
    );
    return { deletes };
  }

  it('confirms, steps up through a redirect with the claims, and finishes once back on the page', async () => {
    const api = stepUpApi([task('1', 'One'), task('2', 'Two')]);
    const { InteractionRequiredAuthError } = await import('@azure/msal-browser');
    msal.acquireTokenSilent.mockImplementation((request) =>
      request.claims
        ? Promise.reject(
            new InteractionRequiredAuthError('interaction_required', '', 'AADSTS50076'),
          )
        : Promise.resolve({ accessToken: 'token' } as never),
    );
    const FreshTasksPage = await reloadedTasksPage();
    const first = renderPage(<FreshTasksPage />, '/tasks');

    await userEvent.click(await screen.findByRole('button', { name: 'Delete all tasks' }));
    expect(screen.getByText(/Delete all 2 tasks\?/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Delete them all' }));

    expect(
      await screen.findByText('Verifying your identity with the identity provider…'),
    ).toBeInTheDocument();
    expect(msal.acquireTokenRedirect).toHaveBeenCalledTimes(1);
    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith(
      expect.objectContaining({ claims, scopes: [apiScope(Scopes.TasksReadWrite)] }),
    );
    first.unmount();

    // Back from the identity provider: a new page load (fresh modules, the same tab's
    // sessionStorage), and MSAL's cache holds the stepped-up token.
    msal.acquireTokenSilent.mockResolvedValue({ accessToken: 'stepped up' } as never);
    const ReloadedTasksPage = await reloadedTasksPage();
    renderPage(<ReloadedTasksPage />, '/tasks');

    expect(await screen.findByText(/No tasks yet/)).toBeInTheDocument();
    expect(api.deletes).toEqual(['Bearer token', 'Bearer stepped up']);
    expect(msal.acquireTokenRedirect).toHaveBeenCalledTimes(1);
  });

  it('stops with an explanation when the step-up did not satisfy the API, instead of looping', async () => {
    const api = stepUpApi([task('1', 'One')]);
    const { InteractionRequiredAuthError } = await import('@azure/msal-browser');
    msal.acquireTokenSilent.mockImplementation((request) =>
      request.claims
        ? Promise.reject(
            new InteractionRequiredAuthError('interaction_required', '', 'AADSTS50076'),
          )
        : Promise.resolve({ accessToken: 'token' } as never),
    );
    const FreshTasksPage = await reloadedTasksPage();
    const first = renderPage(<FreshTasksPage />, '/tasks');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete all tasks' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete them all' }));
    await screen.findByText('Verifying your identity with the identity provider…');
    first.unmount();

    // Back, but the new sign-in did not add the authentication context: still refused.
    const ReloadedTasksPage = await reloadedTasksPage();
    renderPage(<ReloadedTasksPage />, '/tasks');

    expect(await screen.findByRole('alert')).toHaveTextContent(/stopped rather than ask again/);
    expect(msal.acquireTokenRedirect).toHaveBeenCalledTimes(1);
    expect(api.deletes).toHaveLength(2);
    expect(screen.getByText('One')).toBeInTheDocument();
  });
});
