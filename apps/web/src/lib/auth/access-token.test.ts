import {
  BrowserAuthError,
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
} from '@azure/msal-browser';
import { Scopes } from '@pixy/auth-contract';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, PermissionDeniedError, RedirectingError } from '../api-errors';
import { createAccessTokenGetter, type AccessTokenDeps } from './access-token';
import { apiScope } from './auth-requests';
import { PermissionMemory } from './permission-memory';

const account = { homeAccountId: 'alice.tenant', username: 'alice@pixy.test' } as AccountInfo;

function consentRequired() {
  return new InteractionRequiredAuthError('consent_required', '', 'AADSTS65001: no consent');
}

function setup() {
  const msal = {
    acquireTokenSilent: vi.fn<AccessTokenDeps['msal']['acquireTokenSilent']>(),
    acquireTokenRedirect: vi.fn<AccessTokenDeps['msal']['acquireTokenRedirect']>(() =>
      Promise.resolve(),
    ),
  };
  const memory = new PermissionMemory(sessionStorage);
  const redirect = { started: false };
  const getAccessToken = createAccessTokenGetter({ msal, account, memory, redirect });
  return { msal, memory, redirect, getAccessToken };
}

describe('access token getter', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/tasks?view=all');
  });

  it('gets the token silently for the full scope URI of the API', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockResolvedValue({ accessToken: 'at' } as AuthenticationResult);

    await expect(getAccessToken(Scopes.TasksRead)).resolves.toBe('at');

    expect(msal.acquireTokenSilent).toHaveBeenCalledWith({
      account,
      scopes: [apiScope(Scopes.TasksRead)],
      forceRefresh: false,
    });
    expect(apiScope(Scopes.TasksRead)).toMatch(/^api:\/\/[0-9a-f-]+\/Tasks\.Read$/);
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('passes forceRefresh on, to replace a token the API rejected', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockResolvedValue({ accessToken: 'fresh' } as AuthenticationResult);

    await getAccessToken(Scopes.TasksRead, { forceRefresh: true });

    expect(msal.acquireTokenSilent).toHaveBeenCalledWith(
      expect.objectContaining({ forceRefresh: true }),
    );
  });

  it('asks for a scope interactively once, coming back to the page the user is on', async () => {
    const { msal, memory, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(consentRequired());

    await expect(getAccessToken(Scopes.TasksReadWrite)).rejects.toBeInstanceOf(RedirectingError);

    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith({
      account,
      scopes: [apiScope(Scopes.TasksReadWrite)],
      redirectUri: `${window.location.origin}/`,
      redirectStartPage: `${window.location.origin}/tasks?view=all`,
    });
    expect(memory.wasAsked(account.homeAccountId, Scopes.TasksReadWrite)).toBe(true);
  });

  it('after an interactive request, a scope still not granted is denied, not asked again', async () => {
    const { msal, memory } = setup();
    memory.markAsked(account.homeAccountId, Scopes.TasksReadWrite); // before the redirect
    // After the page came back (a new page: a new getter, the same session storage):
    const getAccessToken = createAccessTokenGetter({
      msal,
      account,
      memory: new PermissionMemory(sessionStorage),
    });
    msal.acquireTokenSilent.mockRejectedValue(consentRequired());

    const error = await getAccessToken(Scopes.TasksReadWrite).catch((error: unknown) => error);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toBe(`You lack permission ${Scopes.TasksReadWrite}.`);
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('remembers a denied scope: later calls fail at once, without MSAL or a redirect', async () => {
    const { msal, memory, getAccessToken } = setup();
    memory.deny(account.homeAccountId, Scopes.TasksReadWrite);

    await expect(getAccessToken(Scopes.TasksReadWrite)).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    await expect(getAccessToken(Scopes.TasksReadWrite)).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );

    expect(msal.acquireTokenSilent).not.toHaveBeenCalled();
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('a denied write scope does not stop reads', async () => {
    const { msal, memory, getAccessToken } = setup();
    memory.deny(account.homeAccountId, Scopes.TasksReadWrite);
    msal.acquireTokenSilent.mockResolvedValue({ accessToken: 'read' } as AuthenticationResult);

    await expect(getAccessToken(Scopes.TasksRead)).resolves.toBe('read');
  });

  it('starts one redirect when several calls need the user at the same time', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(consentRequired());

    const results = await Promise.allSettled([
      getAccessToken(Scopes.TasksReadWrite),
      getAccessToken(Scopes.TasksReadWrite),
      getAccessToken(Scopes.TasksRead),
    ]);

    expect(results.map((r): unknown => (r.status === 'rejected' ? r.reason : r.value))).toEqual([
      expect.any(RedirectingError),
      expect.any(RedirectingError),
      expect.any(RedirectingError),
    ]);
    expect(msal.acquireTokenRedirect).toHaveBeenCalledTimes(1);
  });

  it('treats interaction_in_progress as "a redirect is under way", not as a failure', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(consentRequired());
    msal.acquireTokenRedirect.mockRejectedValue(
      new BrowserAuthError('interaction_in_progress', 'Interaction is currently in progress.'),
    );

    await expect(getAccessToken(Scopes.TasksReadWrite)).rejects.toBeInstanceOf(RedirectingError);
  });

  it('never redirects for a background call', async () => {
    const { msal, memory, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(
      new InteractionRequiredAuthError('login_required', '', 'No session'),
    );

    await expect(getAccessToken(Scopes.TasksRead, { interactive: false })).rejects.toMatchObject({
      kind: 'token',
    });

    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
    expect(memory.wasAsked(account.homeAccountId, Scopes.TasksRead)).toBe(false);
  });

  it('explains an unreachable identity provider instead of redirecting', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(
      new BrowserAuthError('endpoints_resolution_error', 'Could not resolve endpoints.'),
    );

    const error = await getAccessToken(Scopes.TasksRead).catch((error: unknown) => error);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toContain('Cannot reach the identity provider');
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('forgets a refusal once the scope is granted after all', async () => {
    const { msal, memory, getAccessToken } = setup();
    memory.markAsked(account.homeAccountId, Scopes.TasksReadWrite);
    msal.acquireTokenSilent.mockResolvedValue({ accessToken: 'rw' } as AuthenticationResult);

    await expect(getAccessToken(Scopes.TasksReadWrite)).resolves.toBe('rw');

    expect(memory.wasAsked(account.homeAccountId, Scopes.TasksReadWrite)).toBe(false);
  });
});

describe('a token for the claims of a claims challenge', () => {
  const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

  beforeEach(() => {
    window.history.replaceState(null, '', '/tasks');
  });

  it('asks the refresh token (never the cache, which holds the refused token) with the claims', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockResolvedValue({
      accessToken: 'stepped-up',
    } as AuthenticationResult);

    await expect(getAccessToken(Scopes.TasksReadWrite, { claims })).resolves.toBe('stepped-up');

    expect(msal.acquireTokenSilent).toHaveBeenCalledWith({
      account,
      scopes: [apiScope(Scopes.TasksReadWrite)],
      claims,
      cacheLookupPolicy: CacheLookupPolicy.RefreshToken,
    });
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('redirects with the claims when the user must act, back to the page they are on', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(
      new InteractionRequiredAuthError('interaction_required', '', 'AADSTS50076: step-up needed'),
    );

    await expect(getAccessToken(Scopes.TasksReadWrite, { claims })).rejects.toBeInstanceOf(
      RedirectingError,
    );

    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith({
      account,
      scopes: [apiScope(Scopes.TasksReadWrite)],
      claims,
      redirectUri: `${window.location.origin}/`,
      redirectStartPage: `${window.location.origin}/tasks`,
    });
  });

  it('redirects with the claims when the refresh token was revoked (invalid_grant, AADSTS50173)', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(
      new ServerError(
        'invalid_grant',
        'AADSTS50173: The provided grant has expired due to it being revoked.',
      ),
    );

    await expect(getAccessToken(Scopes.TasksRead, { claims })).rejects.toBeInstanceOf(
      RedirectingError,
    );
    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith(expect.objectContaining({ claims }));
  });

  it('explains, without redirecting, a failure a sign-in cannot fix', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(
      new BrowserAuthError('endpoints_resolution_error', 'Could not resolve endpoints.'),
    );

    await expect(getAccessToken(Scopes.TasksRead, { claims })).rejects.toMatchObject({
      kind: 'token',
    });
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it('never redirects for a call the user did not ask for', async () => {
    const { msal, getAccessToken } = setup();
    msal.acquireTokenSilent.mockRejectedValue(
      new InteractionRequiredAuthError('interaction_required', '', 'AADSTS50076'),
    );

    await expect(
      getAccessToken(Scopes.TasksRead, { claims, interactive: false }),
    ).rejects.toMatchObject({ kind: 'token' });
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });
});
