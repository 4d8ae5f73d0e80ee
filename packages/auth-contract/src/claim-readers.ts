/**
 * Reading permissions out of validated token claims, exactly.
 *
 * `scp` is one space-separated string; `roles` is an array of strings. Both are read
 * literally: no substring or prefix matching (`Tasks.ReadWriteX` is not `Tasks.ReadWrite`),
 * no case folding, and a value of the wrong type grants nothing.
 */

/** The delegated scopes in a token's `scp` claim; empty when it is absent or not a string. */
export function readScopes(claims: { readonly scp?: unknown }): string[] {
  const { scp } = claims;
  if (typeof scp !== 'string') return [];
  return scp.split(' ').filter((scope) => scope !== '');
}

/** The app roles in a token's `roles` claim; empty when it is absent or not an array. */
export function readRoles(claims: { readonly roles?: unknown }): string[] {
  const { roles } = claims;
  if (!Array.isArray(roles)) return [];
  return roles.filter((role): role is string => typeof role === 'string' && role !== '');
}

/** Whether the token carries at least one of the required scopes. */
export function hasAnyScope(
  claims: { readonly scp?: unknown },
  required: readonly string[],
): boolean {
  const granted = readScopes(claims);
  return required.some((scope) => granted.includes(scope));
}

/** Whether the token carries at least one of the required app roles. */
export function hasAnyRole(
  claims: { readonly roles?: unknown },
  required: readonly string[],
): boolean {
  const granted = readRoles(claims);
  return required.some((role) => granted.includes(role));
}
