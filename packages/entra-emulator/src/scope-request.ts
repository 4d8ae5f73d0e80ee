/**
 * Reading a `scope` parameter the way Entra does: OpenID Connect scopes, plus scopes of
 * APIs named by their identifier URI or client ID (`api://<id>/Tasks.Read`,
 * `<id>/Tasks.Read`), Microsoft Graph's by their bare names (`User.Read`), or a
 * resource's `/.default` (every scope the user consented to). And consent: a scope the
 * user has not consented to fails the request, it is never quietly dropped.
 */
import type { App, Directory } from './directory.js';
import { microsoftGraph } from './emulator-config.js';
import { EntraError } from './entra-errors.js';

export const oidcScopes = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof oidcScopes)[number];

/** Scopes of one resource in a request. */
export interface ResourceScopes {
  readonly resource: App;
  /** Short scope names, as in `scp`; empty with `/.default` until consent fills it. */
  readonly scopes: readonly string[];
  readonly isDefault: boolean;
}

export interface ScopeRequest {
  readonly oidc: ReadonlySet<OidcScope>;
  readonly resources: readonly ResourceScopes[];
}

/** Parses a space-separated scope parameter. Throws for scopes no resource exposes. */
export function parseScopeRequest(scope: string, directory: Directory): ScopeRequest {
  const oidc = new Set<OidcScope>();
  const byResource = new Map<App, { scopes: string[]; isDefault: boolean }>();
  for (const item of scope.split(' ').filter((s) => s !== '')) {
    if ((oidcScopes as readonly string[]).includes(item)) {
      oidc.add(item as OidcScope);
      continue;
    }
    const { resource, name } = findScope(item, directory);
    const entry = byResource.get(resource) ?? { scopes: [], isDefault: false };
    if (name === '.default') entry.isDefault = true;
    else if (!entry.scopes.includes(name)) entry.scopes.push(name);
    if (entry.isDefault && entry.scopes.length > 0) {
      throw new EntraError(
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. ` +
          `${fullName(resource, '.default')} cannot be combined with other scopes of the same resource.`,
      );
    }
    byResource.set(resource, entry);
  }
  return {
    oidc,
    resources: [...byResource].map(([resource, entry]) => ({ resource, ...entry })),
  };
}

function findScope(item: string, directory: Directory): { resource: App; name: string } {
  const slash = item.lastIndexOf('/');
  // A scope without a resource is Microsoft Graph's, as at Entra.
  const identifier = slash < 0 ? microsoftGraph.resource : item.slice(0, slash);
  const name = item.slice(slash + 1);
  const resource = directory.resource(identifier);
  if (!resource) {
    throw new EntraError(
      'invalid_resource',
      500011,
      `The resource principal named ${identifier} was not found in the tenant. Resources: ` +
        `${directory.apps
          .filter((app) => app.identifierUris.length > 0)
          .map((app) => app.identifierUris[0])
          .join(', ')}.`,
    );
  }
  if (name !== '.default' && !resource.scopes.includes(name)) {
    throw new EntraError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${item} is not valid: ` +
        `${resource.displayName} exposes ${resource.scopes.join(', ') || 'no delegated permissions'}.`,
    );
  }
  return { resource, name };
}

/** `api://<id>/Tasks.Read`: a scope's full name, as a token response's `scope` lists it. */
export function fullName(resource: App, scope: string): string {
  return `${resource.identifierUris[0] ?? resource.clientId}/${scope}`;
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

/** Which error a missing consent becomes, by channel (see grantedScopes). */
export type ConsentError = 'invalid_grant' | 'consent_required' | 'access_denied';

/**
 * The scopes the user consented to, of those requested; throws when one is missing.
 * `consentError` picks the error the caller's channel expects (`invalid_grant` at the
 * token endpoint, `consent_required` or `access_denied` at the authorize endpoint).
 */
export function grantedScopes(
  consented: readonly string[],
  request: ResourceScopes,
  who: { readonly username: string; readonly clientId: string },
  consentError: ConsentError,
): string[] {
  const missing = missingScopes(consented, request);
  if (missing.length > 0) {
    const what =
      `The user or administrator has not consented to use the application with ID '${who.clientId}' ` +
      `for ${missing.map((s) => fullName(request.resource, s)).join(', ')} ` +
      `(user ${who.username} consented to: ${consented.join(', ') || 'nothing'}).`;
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
  return request.isDefault
    ? request.resource.scopes.filter((scope) => consented.includes(scope))
    : [...request.scopes];
}

/**
 * The requested scopes the user has not consented to. For `/.default`, every scope of the
 * resource when the user consented to none of them (then there is nothing to issue).
 */
export function missingScopes(consented: readonly string[], request: ResourceScopes): string[] {
  const { resource } = request;
  if (!request.isDefault) return request.scopes.filter((scope) => !consented.includes(scope));
  return resource.scopes.some((scope) => consented.includes(scope)) ? [] : [...resource.scopes];
}
