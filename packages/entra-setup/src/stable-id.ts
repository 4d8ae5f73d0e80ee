/**
 * Stable GUIDs for the API's scopes and app roles (RFC 9562 UUID version 5, SHA-1 of a
 * name in a namespace). Entra ID identifies a permission by its GUID, not its name: a
 * fresh random GUID on every run would try to replace each scope, which Entra refuses
 * while the scope is enabled, and would break existing consent. Deriving the GUID from
 * the API's client ID and the permission's name gives the same GUID on every run.
 */
import { createHash } from 'node:crypto';

/** Pixy's namespace for permission GUIDs (a fixed random UUID). */
export const pixyPermissionNamespace = '3b0d7c5e-8f7a-4c1e-9f55-2a6d0b9e4c13';

/** The version 5 UUID of `name` in `namespace`, lower-case. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new TypeError(`uuidV5: "${namespace}" is not a UUID`);
  const bytes = createHash('sha1')
    .update(Buffer.concat([ns, Buffer.from(name, 'utf8')]))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The GUID of a delegated scope of the API registration with client ID `apiAppId`. */
export function scopeId(apiAppId: string, scope: string): string {
  return uuidV5(`${apiAppId.toLowerCase()}/scope/${scope}`, pixyPermissionNamespace);
}

/** The GUID of an app role of the API registration with client ID `apiAppId`. */
export function appRoleId(apiAppId: string, role: string): string {
  return uuidV5(`${apiAppId.toLowerCase()}/app-role/${role}`, pixyPermissionNamespace);
}
