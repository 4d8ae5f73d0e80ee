/**
 * One-line human descriptions of every claim and header field, for people reading a
 * token: the SPA's token inspector and the API docs show them.
 */
import type { EntraClaimName, EntraTokenHeaderName } from './claims.js';

/** A short description of each claim. Typed so that a claim added to the types needs one. */
export const claimDescriptions: Readonly<Record<EntraClaimName, string>> = {
  aud: 'Audience: who the token is for. The API accepts only its own client ID.',
  iss: 'Issuer: the tenant’s v2.0 endpoint that issued the token.',
  iat: 'Issued at: when the token was issued.',
  nbf: 'Not before: the token is not valid before this time.',
  exp: 'Expires: the token is not valid after this time.',
  aio: 'Internal Entra data for reusing tokens. Opaque: do not depend on it.',
  idp: 'Identity provider that signed the user in, when it is not the issuer (e.g. guests).',
  name: 'The user’s display name. Display only: not unique, can change.',
  oid: 'Object ID: the user’s immutable ID in this tenant. Key user data on tid + oid.',
  preferred_username: 'Primary username, usually an email or UPN. Display only: can change.',
  rh: 'Internal Entra data for revalidating tokens. Opaque: do not depend on it.',
  roles: 'App roles assigned to the user for the app the token is for.',
  groups: 'IDs of the groups the user belongs to (when the app asks for them).',
  sid: 'Session ID: the user’s sign-in session.',
  sub: 'Subject: a pairwise user ID, different for each application.',
  tid: 'Tenant ID: the directory the user signed in to.',
  uti: 'Token identifier: unique per token, internal to Entra.',
  ver: 'Token version: 2.0 for v2.0 tokens.',
  email: 'The user’s email address, when the account has one.',
  login_hint: 'A hint that lets the app sign this account in or out again without asking.',
  nonce: 'Echo of the sign-in request’s nonce; the app checks it to stop replays.',
  c_hash: 'Hash of the authorization code, binding this ID token to it.',
  at_hash: 'Hash of an access token issued with this ID token, binding the two.',
  azp: 'Authorized party: the client ID of the app that asked for the token.',
  azpacr: 'How that app authenticated: 0 public client, 1 secret, 2 certificate.',
  scp: 'Scopes: the delegated permissions granted to the app, space-separated.',
  idtyp: 'Token type: user (delegated) or app (application permissions).',
  wids: 'Directory roles (template IDs) the user holds in the tenant.',
  acrs: 'Authentication contexts (Conditional Access) this sign-in satisfied, e.g. c1 after a step-up.',
  xms_cc: 'Client capabilities the app declared, e.g. cp1 (can handle claims challenges).',
};

/** A short description of each JOSE header field. */
export const headerDescriptions: Readonly<Record<EntraTokenHeaderName, string>> = {
  alg: 'Signing algorithm. The API accepts RS256 only.',
  kid: 'Key ID: which of the issuer’s published keys signed the token.',
  typ: 'Token type: JWT.',
  x5t: 'Thumbprint of the signing key’s certificate.',
};

/** The description of a claim, or undefined for a claim this package does not know. */
export function describeClaim(name: string): string | undefined {
  return Object.hasOwn(claimDescriptions, name)
    ? claimDescriptions[name as EntraClaimName]
    : undefined;
}
