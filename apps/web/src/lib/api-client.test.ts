import {
  allProblemCodes,
  ProblemCodes,
  type ProblemCode,
  type ProblemDetails,
} from '@pixy/api-contract';
import { AppRoles, Scopes } from '@pixy/auth-contract';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient, type GetAccessToken } from './api-client';
import { ApiError, PermissionDeniedError, RedirectingError } from './api-errors';
import { ClaimsRetryMemory } from './auth/claims-retry';

const baseUrl = 'http://api.test';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/** An error answer as the API sends it: a problem-details body of the contract's shape. */
function problem(
  status: number,
  fields: Pick<ProblemDetails, 'code'> & Partial<ProblemDetails>,
  headers: Record<string, string> = {},
): Response {
  const body: ProblemDetails = {
    type: 'about:blank',
    title: titles[status] ?? 'Error',
    status,
    detail: '',
    ...fields,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

function setup(responses: Response[]) {
  const fetch = vi.fn<typeof globalThis.fetch>();
  for (const response of responses) fetch.mockResolvedValueOnce(response);
  let issued = 0;
  const getAccessToken = vi.fn<GetAccessToken>(() => Promise.resolve(`token-${++issued}`));
  const onScopeDenied = vi.fn();
  const claimsRetry = new ClaimsRetryMemory(sessionStorage);
  const api = createApiClient({ baseUrl, getAccessToken, onScopeDenied, claimsRetry, fetch });
  const sentTokens = () =>
    fetch.mock.calls.map(([, init]) => (init?.headers as Record<string, string>).Authorization);
  return { api, fetch, getAccessToken, onScopeDenied, claimsRetry, sentTokens };
}

beforeEach(() => sessionStorage.clear());

describe('API client', () => {
  it('sends the access token for the scope the call needs as a bearer token', async () => {
    const { api, fetch, getAccessToken, sentTokens } = setup([Response.json([{ id: '1' }])]);

    const tasks = await api.request({ path: '/api/tasks', scope: Scopes.TasksRead });

    expect(tasks).toEqual([{ id: '1' }]);
    expect(getAccessToken).toHaveBeenCalledWith(Scopes.TasksRead, { interactive: true });
    expect(fetch).toHaveBeenCalledWith('http://api.test/api/tasks', expect.anything());
    expect(sentTokens()).toEqual(['Bearer token-1']);
  });

  it('sends a JSON body with a write and asks for the write scope', async () => {
    const { api, fetch, getAccessToken } = setup([Response.json({ id: '1' }, { status: 201 })]);

    await api.request({
      method: 'POST',
      path: '/api/tasks',
      scope: Scopes.TasksReadWrite,
      body: { title: 'Buy milk' },
    });

    expect(getAccessToken).toHaveBeenCalledWith(Scopes.TasksReadWrite, { interactive: true });
    const init = fetch.mock.calls[0]![1]!;
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"title":"Buy milk"}');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('retries a 401 once with a freshly fetched token', async () => {
    const { api, getAccessToken, sentTokens } = setup([
      problem(
        401,
        { code: ProblemCodes.TokenExpired, detail: 'The token has expired.' },
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      ),
      Response.json({ oid: 'o' }),
    ]);

    await expect(api.request({ path: '/api/me', scope: Scopes.TasksRead })).resolves.toEqual({
      oid: 'o',
    });

    expect(getAccessToken).toHaveBeenLastCalledWith(Scopes.TasksRead, {
      forceRefresh: true,
      interactive: true,
    });
    expect(sentTokens()).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('gives up after the second 401 instead of retrying forever', async () => {
    const unauthorized = () =>
      problem(
        401,
        { code: ProblemCodes.UnknownSigningKey, detail: 'The token was revoked' },
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      );
    const { api, fetch } = setup([unauthorized(), unauthorized(), unauthorized()]);

    const error = await api
      .request({ path: '/api/me', scope: Scopes.TasksRead })
      .catch((error: unknown) => error);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect((error as Error).message).toContain('The token was revoked');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('turns 403 insufficient_scope into a remembered "you lack permission" for that scope', async () => {
    const { api, onScopeDenied, fetch } = setup([
      problem(
        403,
        {
          code: ProblemCodes.InsufficientScope,
          detail: 'This endpoint needs one of these delegated scopes: Tasks.ReadWrite.',
          requiredScopes: [Scopes.TasksReadWrite],
        },
        {
          'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="api://x/Tasks.ReadWrite"',
        },
      ),
    ]);

    const error = await api
      .request({ method: 'POST', path: '/api/tasks', scope: Scopes.TasksReadWrite, body: {} })
      .catch((error: unknown) => error);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ missing: { scope: Scopes.TasksReadWrite } });
    expect((error as Error).message).toBe(`You lack permission ${Scopes.TasksReadWrite}.`);
    expect(onScopeDenied).toHaveBeenCalledWith(Scopes.TasksReadWrite);
    expect(fetch).toHaveBeenCalledTimes(1); // a 403 is not retried
  });

  it('names the scope the call asked for when the route accepts several', async () => {
    const { api, onScopeDenied } = setup([
      problem(403, {
        code: ProblemCodes.InsufficientScope,
        requiredScopes: [Scopes.TasksRead, Scopes.TasksReadWrite],
      }),
    ]);

    const error = await api
      .request({ path: '/api/tasks', scope: Scopes.TasksRead })
      .catch((error: unknown) => error);

    expect(error).toMatchObject({ missing: { scope: Scopes.TasksRead } });
    expect(onScopeDenied).toHaveBeenCalledWith(Scopes.TasksRead);
  });

  it('reads the scopes from the RFC 6750 challenge of a 403 without a problem body', async () => {
    const { api, onScopeDenied } = setup([
      new Response('Forbidden', {
        status: 403,
        headers: {
          'WWW-Authenticate':
            'Bearer error="insufficient_scope", scope="api://x/Tasks.Read api://x/Tasks.ReadWrite"',
        },
      }),
    ]);

    const error = await api
      .request({ path: '/api/tasks', scope: Scopes.TasksRead })
      .catch((error: unknown) => error);

    expect(error).toMatchObject({ missing: { scope: Scopes.TasksRead } });
    expect(onScopeDenied).toHaveBeenCalledWith(Scopes.TasksRead);
  });

  it('reports a missing app role without remembering it as a refused scope', async () => {
    const { api, onScopeDenied } = setup([
      problem(
        403,
        {
          code: ProblemCodes.MissingRole,
          detail: 'This endpoint needs an app role.',
          requiredRoles: [AppRoles.TasksAdmin],
        },
        { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
      ),
    ]);

    const error = await api
      .request({ path: '/api/admin/tasks', scope: Scopes.TasksRead })
      .catch((error: unknown) => error);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ missing: { roles: [AppRoles.TasksAdmin] } });
    expect((error as Error).message).toBe(`You need the app role ${AppRoles.TasksAdmin}.`);
    expect(onScopeDenied).not.toHaveBeenCalled();
  });

  it('never reads a permission out of the prose of `detail`', async () => {
    const { api, onScopeDenied } = setup([
      problem(403, {
        code: ProblemCodes.MissingRole,
        detail: `This endpoint needs the app role ${AppRoles.TasksAdmin} or scope Tasks.ReadWrite.`,
      }),
    ]);

    const error = await api
      .request({ path: '/api/admin/tasks', scope: Scopes.TasksRead })
      .catch((error: unknown) => error);

    expect(error).toMatchObject({
      missing: {
        detail: `This endpoint needs the app role ${AppRoles.TasksAdmin} or scope Tasks.ReadWrite.`,
      },
    });
    expect(onScopeDenied).not.toHaveBeenCalled();
  });

  it('lists what is wrong with each field of a refused body', async () => {
    const { api } = setup([
      problem(400, {
        code: ProblemCodes.InvalidRequest,
        detail: 'The task is not valid.',
        errors: [{ field: 'title', message: 'must not be empty or only spaces' }],
      }),
    ]);

    await expect(
      api.request({ method: 'POST', path: '/api/tasks', scope: Scopes.TasksReadWrite, body: {} }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      status: 400,
      problem: { code: ProblemCodes.InvalidRequest },
      message: 'The task is not valid. title must not be empty or only spaces.',
    });
  });

  it('maps 404 and other failures to ApiError with the problem detail', async () => {
    const { api } = setup([
      problem(404, { code: ProblemCodes.NotFound, detail: 'No such task' }),
      new Response('oops', { status: 500 }),
    ]);

    await expect(
      api.request({ path: '/api/tasks/nope', scope: Scopes.TasksRead }),
    ).rejects.toMatchObject({ kind: 'not-found', status: 404, message: 'No such task' });
    await expect(
      api.request({ path: '/api/tasks', scope: Scopes.TasksRead }),
    ).rejects.toMatchObject({
      kind: 'failed',
      status: 500,
      message: 'The API answered 500.',
    });
  });

  it('says where the API was expected when it cannot be reached', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockRejectedValue(new TypeError('Failed to fetch'));
    const api = createApiClient({
      baseUrl,
      getAccessToken: () => Promise.resolve('t'),
      claimsRetry: new ClaimsRetryMemory(sessionStorage),
      fetch,
    });

    const error = await api
      .request({ path: '/api/me', scope: Scopes.TasksRead })
      .catch((error: unknown) => error);

    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).toContain('http://api.test');
  });

  it('returns nothing for 204 No Content', async () => {
    const { api } = setup([new Response(null, { status: 204 })]);
    await expect(
      api.request({ method: 'DELETE', path: '/api/tasks/1', scope: Scopes.TasksReadWrite }),
    ).resolves.toBeUndefined();
  });

  it('passes "not interactive" on to the token getter for background calls', async () => {
    const { api, getAccessToken } = setup([Response.json({})]);
    await api.request({ path: '/api/me', scope: Scopes.TasksRead, interactive: false });
    expect(getAccessToken).toHaveBeenCalledWith(Scopes.TasksRead, { interactive: false });
  });

  it('does not send the request when no token can be had', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const denied = new PermissionDeniedError({ scope: Scopes.TasksReadWrite });
    const api = createApiClient({
      baseUrl,
      getAccessToken: () => Promise.reject(denied),
      claimsRetry: new ClaimsRetryMemory(sessionStorage),
      fetch,
    });

    await expect(
      api.request({ method: 'POST', path: '/api/tasks', scope: Scopes.TasksReadWrite }),
    ).rejects.toBe(denied);
    expect(fetch).not.toHaveBeenCalled();
  });
});

/**
 * The status the API sends each code of the contract with. A code added to
 * @pixy/api-contract does not compile here until this table (and so the SPA's handling,
 * tested below) takes it into account.
 */
const statusOf: Record<ProblemCode, number> = {
  token_too_large: 401,
  malformed_token: 401,
  unsupported_algorithm: 401,
  unsupported_critical_header: 401,
  missing_key_id: 401,
  unknown_signing_key: 401,
  invalid_signature: 401,
  token_expired: 401,
  token_not_yet_valid: 401,
  missing_expiry: 401,
  wrong_audience: 401,
  id_token_sent: 401,
  graph_token_sent: 401,
  v1_token: 401,
  wrong_issuer: 401,
  wrong_key_issuer: 401,
  wrong_tenant: 401,
  tenant_not_allowed: 401,
  personal_account_not_allowed: 401,
  client_app_not_allowed: 401,
  guest_not_allowed: 401,
  unsupported_token_type: 401,
  missing_subject: 401,
  no_permissions: 401,
  token_missing: 401,
  insufficient_scope: 403,
  missing_role: 403,
  user_token_required: 403,
  app_token_required: 403,
  missing_app_permission: 403,
  authority_unavailable: 503,
  invalid_request: 400,
  not_found: 404,
  body_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  insufficient_claims: 401,
  claims_challenge_unsupported: 403,
  consent_required: 403,
  graph_unavailable: 502,
  graph_not_configured: 503,
  rate_limited: 429,
};

describe('every error code of the API contract', () => {
  it.each(allProblemCodes)('%s ends in an error that says what happened', async (code) => {
    const status = statusOf[code];
    const answer = () =>
      problem(status, {
        code,
        detail: `What went wrong (${code}).`,
        ...(code === ProblemCodes.InsufficientScope
          ? { requiredScopes: [Scopes.TasksReadWrite] }
          : {}),
        ...(code === ProblemCodes.MissingRole ? { requiredRoles: [AppRoles.TasksAdmin] } : {}),
      });
    const { api } = setup([answer(), answer()]); // a 401 is retried once

    const error = await api
      .request({ path: '/api/tasks', scope: Scopes.TasksReadWrite })
      .catch((error: unknown) => error);

    if (code === ProblemCodes.ConsentRequired) {
      expect(error).toMatchObject({ kind: 'consent', status, problem: { code } });
    } else if (code === ProblemCodes.InsufficientScope || code === ProblemCodes.MissingRole) {
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect((error as Error).message).toMatch(/^You (lack permission|need the app role) /);
    } else if (status === 403) {
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect((error as Error).message).toBe(`What went wrong (${code}).`);
    } else {
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status, problem: { code } });
      expect((error as Error).message).toContain(`What went wrong (${code}).`);
    }
  });
});

// A claims challenge as the API sends one for a step-up (authentication context c1).
const stepUpClaims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
const stepUpChallenge = () =>
  problem(
    401,
    { code: ProblemCodes.InsufficientClaims, claims: stepUpClaims },
    {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="https://idp.test/t/oauth2/v2.0/authorize", client_id="api", error="insufficient_claims", claims="${btoa(stepUpClaims)}", cc_type="authcontext"`,
    },
  );
const deleteAll = { method: 'DELETE', path: '/api/tasks', scope: Scopes.TasksReadWrite } as const;

describe('claims challenges', () => {
  it('asks for a token with the challenge’s claims and retries the request once with it', async () => {
    const { api, getAccessToken, sentTokens } = setup([
      stepUpChallenge(),
      new Response(null, { status: 204 }),
    ]);

    await expect(api.request(deleteAll)).resolves.toBeUndefined();

    expect(getAccessToken).toHaveBeenLastCalledWith(Scopes.TasksReadWrite, {
      claims: stepUpClaims,
      interactive: true,
    });
    expect(sentTokens()).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('stops at a second challenge for the same claims, without asking a third token', async () => {
    const { api, getAccessToken, fetch } = setup([stepUpChallenge(), stepUpChallenge()]);

    const error = await api.request(deleteAll).catch((error: unknown) => error);

    expect(error).toMatchObject({ kind: 'claims' });
    expect((error as Error).message).toMatch(/stopped rather than ask again/);
    expect(getAccessToken).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('remembers across the redirect: back from the identity provider, the same challenge is an error', async () => {
    const first = setup([stepUpChallenge()]);
    first.getAccessToken.mockImplementation((_scope, options) =>
      options?.claims ? Promise.reject(new RedirectingError()) : Promise.resolve('old'),
    );
    await expect(first.api.request(deleteAll)).rejects.toBeInstanceOf(RedirectingError);

    // The page loads again (a new client, the same tab's memory); the API still refuses.
    const back = setup([stepUpChallenge()]);
    const error = await back.api.request(deleteAll).catch((error: unknown) => error);

    expect(error).toMatchObject({ kind: 'claims' });
    expect(back.getAccessToken).toHaveBeenCalledTimes(1); // no token with claims, no redirect
  });

  it('settles the attempt when the request succeeds after the redirect, so a later challenge is answered', async () => {
    const first = setup([stepUpChallenge()]);
    first.getAccessToken.mockImplementation((_scope, options) =>
      options?.claims ? Promise.reject(new RedirectingError()) : Promise.resolve('old'),
    );
    await expect(first.api.request(deleteAll)).rejects.toBeInstanceOf(RedirectingError);
    expect(first.claimsRetry.wasAsked(stepUpClaims)).toBe(true);

    const back = setup([new Response(null, { status: 204 })]);
    await back.api.request(deleteAll);
    expect(back.claimsRetry.wasAsked(stepUpClaims)).toBe(false);

    const later = setup([stepUpChallenge(), new Response(null, { status: 204 })]);
    await expect(later.api.request(deleteAll)).resolves.toBeUndefined();
    expect(later.getAccessToken).toHaveBeenLastCalledWith(Scopes.TasksReadWrite, {
      claims: stepUpClaims,
      interactive: true,
    });
  });

  it('forgets the attempt when no token could be had, so the user may try again', async () => {
    const { api, getAccessToken, claimsRetry } = setup([stepUpChallenge()]);
    getAccessToken.mockImplementation((_scope, options) =>
      options?.claims
        ? Promise.reject(new ApiError('token', 'The identity provider is unreachable.'))
        : Promise.resolve('old'),
    );

    await expect(api.request(deleteAll)).rejects.toMatchObject({ kind: 'token' });
    expect(claimsRetry.wasAsked(stepUpClaims)).toBe(false);
  });

  it('does not take a plain 401 for a challenge: one fresh token, as before', async () => {
    const { api, getAccessToken } = setup([
      problem(
        401,
        { code: ProblemCodes.TokenExpired },
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      ),
      Response.json([]),
    ]);
    await api.request({ path: '/api/tasks', scope: Scopes.TasksRead });
    expect(getAccessToken).toHaveBeenLastCalledWith(Scopes.TasksRead, {
      forceRefresh: true,
      interactive: true,
    });
  });
});

describe('consent for a downstream API', () => {
  it('ends a 403 consent_required in a consent error that names what needs consent', async () => {
    const { api } = setup([
      problem(403, {
        code: ProblemCodes.ConsentRequired,
        detail: 'This API reads your profile from Microsoft Graph for you…',
        consentScopes: ['https://graph.microsoft.com/User.Read'],
      }),
    ]);
    const error = await api
      .request({ path: '/api/me/profile', scope: Scopes.TasksRead })
      .catch((error: unknown) => error);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'consent',
      problem: { consentScopes: ['https://graph.microsoft.com/User.Read'] },
    });
  });
});
