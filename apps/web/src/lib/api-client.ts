/**
 * Calling the Pixy API: the bearer token for the scope a call needs, one retry with a
 * fresh token after a 401, one retry with a token carrying the claims of a claims
 * challenge (never two: see auth/claims-retry.ts), and every error answer mapped to
 * ApiError or PermissionDeniedError from the API's problem details (@pixy/api-contract).
 */
import { ProblemCodes, readProblemDetails, type ProblemDetails } from '@pixy/api-contract';
import { isScope, type Scope } from '@pixy/auth-contract';
import { ApiError, PermissionDeniedError, RedirectingError } from './api-errors';
import type { ClaimsRetryMemory } from './auth/claims-retry';
import { claimsFromChallenge, parseWwwAuthenticate } from './www-authenticate';

export interface AccessTokenOptions {
  /** Skip the cache and the cached token: after the API rejected the cached one. */
  readonly forceRefresh?: boolean;
  /** May the user be sent to the identity provider (default true)? False for background calls. */
  readonly interactive?: boolean;
  /**
   * The claims of a claims challenge (JSON): a token that satisfies them, from the
   * identity provider (never from the cache), with a redirect if it needs the user.
   */
  readonly claims?: string;
}

export type GetAccessToken = (scope: Scope, options?: AccessTokenOptions) => Promise<string>;

export interface ApiRequest {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path under the API's base URL, e.g. `/api/tasks`. */
  readonly path: string;
  /** The scope whose access token the call needs (reads: Tasks.Read, writes: Tasks.ReadWrite). */
  readonly scope: Scope;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** False for calls the user did not ask for (e.g. the header's): never redirect for them. */
  readonly interactive?: boolean;
}

export interface ApiClient {
  request<T>(request: ApiRequest): Promise<T>;
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly getAccessToken: GetAccessToken;
  /** Told when the API answers 403 insufficient_scope, so the app can remember it. */
  readonly onScopeDenied?: (scope: Scope) => void;
  /** Which claims challenges were already answered once (kept across the redirect). */
  readonly claimsRetry: ClaimsRetryMemory;
  readonly fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, getAccessToken, onScopeDenied, claimsRetry } = options;
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(request: ApiRequest, token: string): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json, application/problem+json',
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetchFn(`${baseUrl}${request.path}`, {
        method: request.method ?? 'GET',
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: request.signal ?? null,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new ApiError(
        'network',
        `Cannot reach the API at ${baseUrl}. Is it running (pnpm --filter @pixy/api start), ` +
          `and does it allow this origin (CORS_ORIGINS)?`,
      );
    }
  }

  /**
   * A claims challenge: the API wants a token with more (a step-up, a sign-in after a
   * revocation). Asked once: a second challenge for the same claims, now or after the
   * redirect, ends in an error.
   */
  async function answerClaimsChallenge(
    request: ApiRequest,
    claims: string,
    interactive: boolean,
  ): Promise<Response> {
    if (claimsRetry.wasAsked(claims)) {
      claimsRetry.forget(claims);
      throw claimsNotSatisfied();
    }
    claimsRetry.markAsked(claims, requestKey(request));
    let token: string;
    try {
      token = await getAccessToken(request.scope, { claims, interactive });
    } catch (error) {
      // On the way to the identity provider, the attempt stays marked for the way back.
      if (!(error instanceof RedirectingError)) claimsRetry.forget(claims);
      throw error;
    }
    const response = await send(request, token);
    if (response.status === 401 && challengedClaims(response) !== undefined) {
      claimsRetry.forget(claims);
      throw claimsNotSatisfied();
    }
    return response;
  }

  return {
    async request<T>(request: ApiRequest): Promise<T> {
      const interactive = request.interactive ?? true;
      let response = await send(request, await getAccessToken(request.scope, { interactive }));
      if (response.status === 401) {
        const claims = challengedClaims(response);
        if (claims !== undefined) {
          response = await answerClaimsChallenge(request, claims, interactive);
        } else {
          // The token may have been revoked or signed with a retired key: one fresh try.
          const fresh = await getAccessToken(request.scope, { forceRefresh: true, interactive });
          response = await send(request, fresh);
        }
      }
      if (response.ok) {
        claimsRetry.settled(requestKey(request));
        if (response.status === 204) return undefined as T;
        const text = await response.text();
        return (text === '' ? undefined : JSON.parse(text)) as T;
      }
      throw await errorFor(response, request.scope, onScopeDenied);
    },
  };
}

async function errorFor(
  response: Response,
  requestedScope: Scope,
  onScopeDenied: ((scope: Scope) => void) | undefined,
): Promise<Error> {
  const problem = await readProblem(response);
  // Branch on the structured fields (`code`, `requiredScopes`, `requiredRoles`); `detail`
  // is prose for people, shown but never parsed.
  if (response.status === 403) {
    const scopes = requiredScopes(problem, response.headers.get('WWW-Authenticate'));
    if (scopes !== undefined) {
      const needed = neededScope(scopes, requestedScope);
      onScopeDenied?.(needed);
      return new PermissionDeniedError({ scope: needed });
    }
    if (problem?.code === ProblemCodes.ConsentRequired) {
      // Not the user's permission to this app: someone must consent to the API calling
      // another API for them. The page offers the consent step (useConsentStep).
      return new ApiError('consent', problem.detail || 'Consent is required.', {
        status: 403,
        problem,
      });
    }
    if (problem?.code === ProblemCodes.MissingRole && problem.requiredRoles?.length) {
      return new PermissionDeniedError({ roles: problem.requiredRoles });
    }
    return new PermissionDeniedError({ detail: problem?.detail || 'Access denied.' });
  }
  const detail = problem?.detail || problem?.title;
  if (response.status === 401) {
    return new ApiError(
      'unauthorized',
      `The API did not accept your sign-in${detail ? ` (${detail})` : ''}. Sign out and in again.`,
      { status: 401, problem },
    );
  }
  if (response.status === 404) {
    return new ApiError('not-found', detail || 'Not found.', { status: 404, problem });
  }
  if (problem?.errors?.length) {
    const fields = problem.errors.map(({ field, message }) =>
      field ? `${field} ${message}` : message,
    );
    return new ApiError(
      'invalid',
      `${detail || 'The request is not valid.'} ${fields.join('; ')}.`,
      {
        status: response.status,
        problem,
      },
    );
  }
  return new ApiError(
    'failed',
    `The API answered ${response.status}${detail ? `: ${detail}` : ''}.`,
    { status: response.status, problem },
  );
}

/** What the retry rule calls a request: its method and path. */
function requestKey(request: ApiRequest): string {
  return `${request.method ?? 'GET'} ${request.path}`;
}

/** The claims of a 401 claims challenge (decoded JSON), if the answer is one. */
function challengedClaims(response: Response): string | undefined {
  return claimsFromChallenge(response.headers.get('WWW-Authenticate'));
}

function claimsNotSatisfied(): ApiError {
  return new ApiError(
    'claims',
    'The API still asks for a stronger sign-in after you signed in again, so the app stopped ' +
      'rather than ask again. Your organization may require a check the identity provider ' +
      'could not complete (for example, multifactor authentication): ask your administrator.',
  );
}

/** The RFC 9457 problem-details body of an error answer, if it has one. */
async function readProblem(response: Response): Promise<ProblemDetails | undefined> {
  try {
    return readProblemDetails(await response.json());
  } catch {
    return undefined; // not JSON: the status says enough
  }
}

/**
 * The scopes that would have done, from the problem body (`insufficient_scope`,
 * `requiredScopes`) or, without one (a proxy's bare 403), from the RFC 6750 challenge.
 */
function requiredScopes(
  problem: ProblemDetails | undefined,
  challengeHeader: string | null,
): readonly string[] | undefined {
  if (problem?.code === ProblemCodes.InsufficientScope && problem.requiredScopes?.length) {
    return problem.requiredScopes;
  }
  if (problem !== undefined) return undefined;
  const challenge = parseWwwAuthenticate(challengeHeader).find(
    ({ scheme, params }) =>
      scheme.toLowerCase() === 'bearer' && params.error === 'insufficient_scope',
  );
  return challenge?.params.scope ? challenge.params.scope.split(' ') : undefined;
}

/**
 * Which scope the user lacks. The API lists the scopes that would do (any of them,
 * short names or full URIs); the one this call asked for is the one to name.
 */
function neededScope(scopes: readonly string[], requested: Scope): Scope {
  const named = scopes.map((scope) => scope.slice(scope.lastIndexOf('/') + 1)).filter(isScope);
  return named.includes(requested) || named.length === 0 ? requested : named[named.length - 1]!;
}
