/**
 * What Pixy's three app registrations must contain, computed from @pixy/auth-contract and
 * from what the tenant already holds. Pure functions: they never drop what someone else
 * added (another redirect URI, a scope of their own), and they keep the GUID of a scope or
 * role that already exists, because Entra refuses to delete or re-key an enabled one.
 */
import {
  allAppPermissions,
  allAppRoles,
  allScopes,
  appPermissionDefinitions,
  appRoleDefinitions,
  applicationIdUri,
  scopeDefinitions,
  type AppRoleDefinition,
} from '@pixy/auth-contract';
import type {
  AppRole,
  OptionalClaims,
  PermissionScope,
  PreAuthorizedApplication,
  RequiredResourceAccess,
} from './graph-types.js';
import { appRoleId, scopeId } from './stable-id.js';

/** The SPA's redirect URIs: the app itself and the redirect-bridge page of silent and popup flows. */
export function spaRedirectUris(spaUrl: string): string[] {
  const origin = spaUrl.replace(/\/+$/, '');
  return [`${origin}/`, `${origin}/redirect.html`];
}

/** The OpenAPI UI's redirect URI (Swagger UI's OAuth2 redirect page). */
export function openApiRedirectUris(apiUrl: string): string[] {
  return [`${apiUrl.replace(/\/+$/, '')}/docs/oauth2-redirect.html`];
}

/** The API's identifier URIs: Pixy's `api://<client id>` first, others kept. */
export function apiIdentifierUris(apiAppId: string, existing: readonly string[] = []): string[] {
  return union([applicationIdUri(apiAppId)], existing);
}

/** The API's delegated scopes: every scope of the contract, enabled, with its consent texts. */
export function apiScopes(
  apiAppId: string,
  existing: readonly PermissionScope[] = [],
): PermissionScope[] {
  const wanted = allScopes.map((value): PermissionScope => {
    const prior = existing.find((scope) => scope.value === value);
    return {
      ...prior,
      id: prior?.id ?? scopeId(apiAppId, value),
      value,
      type: 'User',
      isEnabled: true,
      ...scopeDefinitions[value],
    };
  });
  return mergeByValue(existing, wanted);
}

/**
 * The API's app roles: every user role of the contract (assignable to users and groups)
 * and every application permission (granted to client apps, for app-only tokens).
 */
export function apiAppRoles(apiAppId: string, existing: readonly AppRole[] = []): AppRole[] {
  const role = (value: string, memberType: 'User' | 'Application', texts: AppRoleDefinition) => {
    const prior = existing.find((candidate) => candidate.value === value);
    return {
      ...prior,
      id: prior?.id ?? appRoleId(apiAppId, value),
      value,
      allowedMemberTypes: [memberType],
      isEnabled: true,
      ...texts,
    };
  };
  const wanted = [
    ...allAppRoles.map((value) => role(value, 'User', appRoleDefinitions[value])),
    ...allAppPermissions.map((value) =>
      role(value, 'Application', appPermissionDefinitions[value]),
    ),
  ];
  return mergeByValue(existing, wanted);
}

/**
 * The optional claims the API reads in its access tokens: `idtyp` (app-only or user, the
 * most accurate way to tell), `xms_cc` (the client's capabilities: cp1 can answer claims
 * challenges) and `acct` (guest or member). Claims someone else added are kept.
 */
export function apiOptionalClaims(existing: OptionalClaims | null | undefined): OptionalClaims {
  const accessToken = [...(existing?.accessToken ?? [])];
  for (const name of ['idtyp', 'xms_cc', 'acct']) {
    if (!accessToken.some((claim) => claim.name === name))
      accessToken.push({ name, essential: false });
  }
  return { ...existing, accessToken };
}

/** A requiredResourceAccess with `ids` of `type` on the resource `resourceAppId` added. */
export function withResourceAccess(
  existing: readonly RequiredResourceAccess[],
  resourceAppId: string,
  ids: readonly string[],
  type: 'Scope' | 'Role',
): RequiredResourceAccess[] {
  const entry = existing.find((item) => item.resourceAppId === resourceAppId);
  const access = [...(entry?.resourceAccess ?? [])];
  for (const id of ids) {
    if (!access.some((item) => item.id === id && item.type === type)) access.push({ id, type });
  }
  const updated = { resourceAppId, resourceAccess: access };
  return entry ? existing.map((item) => (item === entry ? updated : item)) : [...existing, updated];
}

/** The IDs of the contract's scopes among `scopes`. */
export function contractScopeIds(scopes: readonly PermissionScope[]): string[] {
  return allScopes.map((value) => {
    const scope = scopes.find((candidate) => candidate.value === value);
    if (!scope) throw new Error(`contractScopeIds: scope ${value} is missing`);
    return scope.id;
  });
}

/** The API's pre-authorized clients with each of `clientAppIds` trusted for `scopeIds`. */
export function preAuthorized(
  existing: readonly PreAuthorizedApplication[],
  clientAppIds: readonly string[],
  scopeIds: readonly string[],
): PreAuthorizedApplication[] {
  const result = existing.map((item) => ({ ...item }));
  for (const appId of clientAppIds) {
    const entry = result.find((item) => item.appId === appId);
    if (entry) entry.delegatedPermissionIds = union(entry.delegatedPermissionIds, scopeIds);
    else result.push({ appId, delegatedPermissionIds: [...scopeIds] });
  }
  return result;
}

/** `first` then the members of `second` not in it, without duplicates. */
export function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}

/** Whether two JSON values are equal, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `existing` with each item of `wanted` replacing the one of the same value, new ones appended. */
function mergeByValue<T extends { value: string }>(
  existing: readonly T[],
  wanted: readonly T[],
): T[] {
  const merged = existing.map((item) => wanted.find((want) => want.value === item.value) ?? item);
  for (const want of wanted) {
    if (!existing.some((item) => item.value === want.value)) merged.push(want);
  }
  return merged;
}
