/**
 * Minting Entra v2.0 tokens: ID tokens for the client app, access tokens for an API (a
 * user's, or an app's own with the client credentials grant), and `client_info`, with the
 * claims MSAL and an Entra-validating API read. Tokens of personal Microsoft accounts are
 * signed with the personal accounts' key set, all others with the organizations' one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { issuerOf } from './authorities.js';
import type { App, Identity, Tenant } from './directory.js';
import type { SigningKeys } from './signing-keys.js';

export interface TokenContext {
  /** `https://localhost:<port>`. */
  readonly origin: string;
  readonly keys: SigningKeys;
  /** Now, in seconds since the epoch, on the emulator's clock. */
  readonly now: number;
}

/** How the client authenticated, as `azpacr`: 0 public, 1 secret, 2 certificate. */
export type ClientAuthentication = '0' | '1' | '2';

/**
 * Entra's `sub` is pairwise: the same user has a different `sub` in each application,
 * so apps cannot correlate users by it. Deterministic here, so it survives restarts.
 */
export function pairwiseSub(tenantId: string, applicationId: string, oid: string): string {
  return createHash('sha256').update(`${tenantId}|${applicationId}|${oid}`).digest('base64url');
}

/** The object ID of an app's service principal in a tenant: `oid` and `sub` of its app-only tokens. */
export function servicePrincipalId(tenantId: string, clientId: string): string {
  const hex = createHash('sha256')
    .update(`service-principal|${tenantId}|${clientId}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The `login_hint` claim: an opaque value MSAL sends back as `login_hint` and
 * `logout_hint`. The authorize endpoint accepts it as well as the username.
 */
export function loginHintOf(identity: Identity): string {
  const { user, tenant, oid } = identity;
  return Buffer.from(JSON.stringify({ oid, tid: tenant.id, upn: user.username })).toString(
    'base64url',
  );
}

/** `client_info`: base64url JSON `{uid, utid}`, MSAL's home account ID (the user's home tenant). */
export function clientInfoOf(identity: Identity): string {
  const { home } = identity.user;
  return Buffer.from(JSON.stringify({ uid: home.oid, utid: home.tenant.id })).toString('base64url');
}

export interface IdTokenInput {
  readonly identity: Identity;
  readonly client: App;
  readonly sid: string;
  readonly nonce: string | undefined;
  readonly withEmail: boolean;
  readonly lifetime: number;
}

export async function signIdToken(context: TokenContext, input: IdTokenInput): Promise<string> {
  const { identity, client } = input;
  return sign(context, identity.tenant, {
    ...userClaims(context, identity, client, input.sid, input.lifetime),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...(input.withEmail || client.idTokenClaims.has('email') ? { email: identity.user.mail } : {}),
    ...optionalIdentityClaims(context.origin, identity, client.idTokenClaims),
    login_hint: loginHintOf(identity),
  });
}

export interface UserAccessTokenInput {
  readonly identity: Identity;
  /** The app that asked: `azp`. */
  readonly client: App;
  readonly clientAuthentication: ClientAuthentication;
  /** The API the token is for: `aud` is its client ID (Entra v2 tokens carry the GUID). */
  readonly resource: App;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly sid: string | undefined;
  /** Authentication contexts the user stepped up to: `acrs`. */
  readonly contexts: readonly string[];
  /** The client's capabilities (`xms_cc`), emitted when the resource requests the claim. */
  readonly clientCapabilities: readonly string[];
  readonly lifetime: number;
}

export async function signUserAccessToken(
  context: TokenContext,
  input: UserAccessTokenInput,
): Promise<string> {
  const { identity, resource } = input;
  const claims = resource.accessTokenClaims;
  return sign(context, identity.tenant, {
    ...userClaims(context, identity, resource, input.sid, input.lifetime),
    azp: input.client.clientId,
    azpacr: input.clientAuthentication,
    ...(input.scopes.length > 0 ? { scp: input.scopes.join(' ') } : {}),
    ...(input.roles.length > 0 ? { roles: [...input.roles] } : {}),
    ...(input.contexts.length > 0 ? { acrs: [...input.contexts] } : {}),
    ...(claims.has('email') ? { email: identity.user.mail } : {}),
    ...(claims.has('xms_cc') && input.clientCapabilities.length > 0
      ? { xms_cc: [...input.clientCapabilities] }
      : {}),
    ...optionalIdentityClaims(context.origin, identity, claims),
  });
}

export interface AppAccessTokenInput {
  readonly tenant: Tenant;
  readonly client: App;
  readonly clientAuthentication: ClientAuthentication;
  readonly resource: App;
  readonly roles: readonly string[];
  readonly lifetime: number;
}

/** An app-only token: `roles`, no `scp`, no user claims, `oid` = `sub` = the service principal. */
export async function signAppAccessToken(
  context: TokenContext,
  input: AppAccessTokenInput,
): Promise<string> {
  const servicePrincipal = servicePrincipalId(input.tenant.id, input.client.clientId);
  return sign(context, input.tenant, {
    ...commonClaims(context, input.tenant, input.resource.clientId, input.lifetime),
    azp: input.client.clientId,
    azpacr: input.clientAuthentication,
    oid: servicePrincipal,
    sub: servicePrincipal,
    ...(input.roles.length > 0 ? { roles: [...input.roles] } : {}),
    ...(input.resource.accessTokenClaims.has('idtyp') ? { idtyp: 'app' } : {}),
  });
}

function commonClaims(context: TokenContext, tenant: Tenant, audience: string, lifetime: number) {
  return {
    aud: audience,
    iss: issuerOf(context.origin, tenant.id),
    iat: context.now,
    nbf: context.now,
    exp: context.now + lifetime,
    aio: randomUUID(),
    rh: randomUUID(),
    tid: tenant.id,
    uti: randomUUID().replaceAll('-', '').slice(0, 22),
    ver: '2.0',
  };
}

function userClaims(
  context: TokenContext,
  identity: Identity,
  audience: App,
  sid: string | undefined,
  lifetime: number,
) {
  return {
    ...commonClaims(context, identity.tenant, audience.clientId, lifetime),
    name: identity.user.displayName,
    oid: identity.oid,
    preferred_username: identity.user.username,
    ...(sid === undefined ? {} : { sid }),
    sub: pairwiseSub(identity.tenant.id, audience.clientId, identity.oid),
  };
}

/**
 * A guest's home identity provider (`idp`: the issuer of the home tenant; Entra writes its
 * v1 form, `https://sts.windows.net/<home tenant>/`), and `acct` when the app requests it.
 */
function optionalIdentityClaims(
  origin: string,
  identity: Identity,
  requested: ReadonlySet<string>,
) {
  return {
    ...(identity.guest ? { idp: issuerOf(origin, identity.user.home.tenant.id) } : {}),
    ...(requested.has('acct') ? { acct: identity.guest ? 1 : 0 } : {}),
  };
}

function sign(context: TokenContext, tenant: Tenant, claims: JWTPayload) {
  const key = context.keys.active(tenant.personal ? 'personal' : 'organizations');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid })
    .sign(key.privateKey);
}
