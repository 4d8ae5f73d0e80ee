/**
 * Reading a `scope` parameter the way Entra does: OpenID Connect scopes, plus scopes of
 * APIs named by their full URI (`api://<id>/Tasks.Read`, or `<id>/Tasks.Read`), or an
 * API's `/.default` (every scope the user consented to). And consent: a scope the user
 * has not consented to fails the request, it is never quietly dropped.
 */
import type { ApiApp, Directory, TestUser } from './directory.js';
import { EntraError } from './entra-errors.js';

export const oidcScopes = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof oidcScopes)[number];

/** Scopes of one API in a request. */
export interface ResourceScopes {
  readonly api: ApiApp;
  /** Short scope names, as in `scp`; empty with `/.default` until consent fills it. */
  readonly scopes: readonly string[];
  readonly isDefault: boolean;
}

export interface ScopeRequest {
  readonly oidc: ReadonlySet<OidcScope>;
  readonly resources: readonly ResourceScopes[];
}

/** Parses a space-separated scope parameter. Throws `invalid_scope` for scopes no API exposes. */
export function parseScopeRequest(scope: string, directory: Directory): ScopeRequest {
  const oidc = new Set<OidcScope>();
  const byApi = new Map<ApiApp, { scopes: string[]; isDefault: boolean }>();
  for (const item of scope.split(' ').filter((s) => s !== '')) {
    if ((oidcScopes as readonly string[]).includes(item)) {
      oidc.add(item as OidcScope);
      continue;
    }
    const { api, name } = findApiScope(item, directory);
    const entry = byApi.get(api) ?? { scopes: [], isDefault: false };
    if (name === '.default') entry.isDefault = true;
    else if (!entry.scopes.includes(name)) entry.scopes.push(name);
    if (entry.isDefault && entry.scopes.length > 0) {
      throw new EntraError(
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. ` +
          `${api.applicationIdUri}/.default cannot be combined with other scopes of the same resource.`,
      );
    }
    byApi.set(api, entry);
  }
  return {
    oidc,
    resources: [...byApi].map(([api, entry]) => ({ api, ...entry })),
  };
}

function findApiScope(item: string, directory: Directory): { api: ApiApp; name: string } {
  const slash = item.lastIndexOf('/');
  if (slash < 0) {
    throw new EntraError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${item} is not valid: ` +
        `a scope without a resource means Microsoft Graph, which this local emulator does not provide. ` +
        `Ask for an API scope such as ${directory.apis[0]?.applicationIdUri ?? 'api://<id>'}/<scope>.`,
    );
  }
  const resource = item.slice(0, slash);
  const name = item.slice(slash + 1);
  const api = directory.apis.find(
    (candidate) => candidate.applicationIdUri === resource || candidate.clientId === resource,
  );
  if (!api) {
    throw new EntraError(
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant. ` +
        `Registered APIs: ${directory.apis.map((a) => a.applicationIdUri).join(', ')}.`,
    );
  }
  if (name !== '.default' && !api.scopes.includes(name)) {
    throw new EntraError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${item} is not valid: ` +
        `${api.displayName} exposes ${api.scopes.join(', ')}.`,
    );
  }
  return { api, name };
}

/** Entra issues an access token for one resource per request (AADSTS28000 otherwise). */
export function singleResource(request: ScopeRequest, scope: string): ResourceScopes | undefined {
  if (request.resources.length > 1) {
    throw new EntraError(
      'invalid_scope',
      28000,
      `Provided value for the input parameter scope is not valid because it contains more than one resource. ` +
        `Scope ${scope} is not valid.`,
    );
  }
  return request.resources[0];
}

/**
 * The scopes the user has consented to, for each requested API; throws when one is
 * missing. `consentError` picks the error the caller's channel expects (`invalid_grant`
 * at the token endpoint, `consent_required` or `access_denied` at the authorize endpoint).
 */
export function grantScopes(
  user: TestUser,
  resource: ResourceScopes,
  clientId: string,
  consentError: 'invalid_grant' | 'consent_required' | 'access_denied',
): string[] {
  const consented = user.consentedScopes[resource.api.clientId] ?? [];
  if (resource.isDefault) return resource.api.scopes.filter((s) => consented.includes(s));
  const missing = resource.scopes.filter((scope) => !consented.includes(scope));
  if (missing.length > 0) {
    const what =
      `The user or administrator has not consented to use the application with ID '${clientId}' ` +
      `for ${missing.map((s) => `${resource.api.applicationIdUri}/${s}`).join(', ')} ` +
      `(user ${user.username} consented to: ${consented.join(', ') || 'nothing'}).`;
    if (consentError === 'access_denied') {
      throw new EntraError(
        'access_denied',
        65004,
        `User declined to consent to access the app. ${what} This user cannot consent to more.`,
      );
    }
    throw new EntraError(
      consentError,
      65001,
      `${what} Send an interactive authorization request for this user and resource.`,
      consentError === 'invalid_grant' ? 'consent_required' : undefined,
    );
  }
  return [...resource.scopes];
}

/** App roles the user holds on an API, for the access token's `roles`. */
export function rolesOf(user: TestUser, api: ApiApp): string[] {
  return [...(user.appRoles[api.clientId] ?? [])];
}
