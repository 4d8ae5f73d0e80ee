/**
 * Calling the Pixy API: the bearer token for the scope a call needs, one retry with a
 * fresh token after a 401, and every error answer mapped to ApiError or
 * PermissionDeniedError from the API's problem details (@pixy/api-contract).
 */
import { ProblemCodes, readProblemDetails, type ProblemDetails } from '@pixy/api-contract';
import { isScope, type Scope } from '@pixy/auth-contract';
import { ApiError, PermissionDeniedError } from './api-errors';

export interface AccessTokenOptions {
  /** Skip the cache and the cached token: after the API rejected the cached one. */
  readonly forceRefresh?: boolean;
  /** May the user be sent to the identity provider (default true)? False for background calls. */
  readonly interactive?: boolean;
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
  readonly fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, getAccessToken, onScopeDenied } = options;
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

  return {
    async request<T>(request: ApiRequest): Promise<T> {
      const interactive = request.interactive ?? true;
      let response = await send(request, await getAccessToken(request.scope, { interactive }));
      if (response.status === 401) {
        // The token may have been revoked or signed with a retired key: one fresh try.
        const fresh = await getAccessToken(request.scope, { forceRefresh: true, interactive });
        response = await send(request, fresh);
      }
      if (response.ok) {
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
  const challenge = parseBearerChallenge(challengeHeader);
  return challenge.error === 'insufficient_scope' && challenge.scope
    ? challenge.scope.split(' ')
    : undefined;
}

/** Parameters of a `WWW-Authenticate: Bearer k="v", …` challenge (RFC 6750). */
export function parseBearerChallenge(header: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  if (!header || !/^\s*Bearer\b/i.test(header)) return params;
  for (const match of header.matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) {
    params[match[1]!.toLowerCase()] = match[2]!.replace(/\\(.)/g, '$1');
  }
  return params;
}

/**
 * Which scope the user lacks. The API lists the scopes that would do (any of them,
 * short names or full URIs); the one this call asked for is the one to name.
 */
function neededScope(scopes: readonly string[], requested: Scope): Scope {
  const named = scopes.map((scope) => scope.slice(scope.lastIndexOf('/') + 1)).filter(isScope);
  return named.includes(requested) || named.length === 0 ? requested : named[named.length - 1]!;
}
