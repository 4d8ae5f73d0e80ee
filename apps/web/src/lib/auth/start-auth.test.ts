import {
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import { Scopes } from '@pixy/auth-contract';
import { describe, expect, it, vi } from 'vitest';
import { apiScope } from './auth-requests';
import { PermissionMemory } from './permission-memory';
import { startAuth } from './start-auth';

const riley = { homeAccountId: 'riley.tenant', username: 'riley@pixy.test' } as AccountInfo;

function fakeMsal(redirect: Promise<AuthenticationResult | null>, accounts: AccountInfo[] = []) {
  let active: AccountInfo | null = null;
  const msal = {
    initialize: vi.fn(() => Promise.resolve()),
    handleRedirectPromise: vi.fn(() => redirect),
    getActiveAccount: () => active,
    setActiveAccount: vi.fn((account: AccountInfo | null) => {
      active = account;
    }),
    getAllAccounts: () => accounts,
  };
  return msal as typeof msal & IPublicClientApplication;
}

describe('startAuth', () => {
  it('initializes MSAL before handling the redirect, and signs in the returning account', async () => {
    const msal = fakeMsal(
      Promise.resolve({
        account: riley,
        scopes: [apiScope(Scopes.TasksRead)],
      } as AuthenticationResult),
    );

    await expect(startAuth(msal, new PermissionMemory(sessionStorage))).resolves.toEqual({});

    expect(msal.initialize.mock.invocationCallOrder[0]!).toBeLessThan(
      msal.handleRedirectPromise.mock.invocationCallOrder[0]!,
    );
    expect(msal.getActiveAccount()).toBe(riley);
  });

  it('remembers a consent refused on the way back as a denied scope, not a sign-in problem', async () => {
    const memory = new PermissionMemory(sessionStorage);
    memory.markAsked(riley.homeAccountId, Scopes.TasksReadWrite);
    const refused = new ServerError('access_denied', '', 'AADSTS65004: User declined to consent');
    const msal = fakeMsal(Promise.reject(refused), [riley]);

    await expect(startAuth(msal, memory)).resolves.toEqual({});

    // A reload reads the same memory: still denied, so nothing asks again.
    const afterReload = new PermissionMemory(sessionStorage);
    expect(afterReload.isDenied(riley.homeAccountId, Scopes.TasksReadWrite)).toBe(true);
    expect(afterReload.wasAsked(riley.homeAccountId, Scopes.TasksReadWrite)).toBe(false);
    expect(msal.getActiveAccount()).toBe(riley); // still signed in, with what she has
  });

  it('reports a refused sign-in (nothing else was asked for) as a problem to show', async () => {
    const refused = new ServerError('access_denied', '', 'The user cancelled');
    const msal = fakeMsal(Promise.reject(refused));

    const result = await startAuth(msal, new PermissionMemory(sessionStorage));

    expect(result.problem).toContain('access_denied');
    expect(msal.getActiveAccount()).toBeNull();
  });

  it('clears the "asked" mark when the consent was granted', async () => {
    const memory = new PermissionMemory(sessionStorage);
    memory.markAsked(riley.homeAccountId, Scopes.TasksReadWrite);
    const msal = fakeMsal(
      Promise.resolve({
        account: riley,
        scopes: [apiScope(Scopes.TasksReadWrite)],
      } as AuthenticationResult),
    );

    await startAuth(msal, memory);

    expect(memory.wasAsked(riley.homeAccountId, Scopes.TasksReadWrite)).toBe(false);
    expect(memory.isDenied(riley.homeAccountId, Scopes.TasksReadWrite)).toBe(false);
  });

  it('keeps the signed-in account on a plain page load (no redirect response)', async () => {
    const msal = fakeMsal(Promise.resolve(null), [riley]);
    await startAuth(msal, new PermissionMemory(sessionStorage));
    expect(msal.getActiveAccount()).toBe(riley);
  });
});
