/**
 * Minting Entra v2.0 tokens: the ID token for the client app, the access token for an
 * API, and `client_info`, with the claims MSAL and an Entra-validating API read.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntraAccessTokenClaims, EntraIdTokenClaims } from '@pixy/auth-contract';
import { SignJWT } from 'jose';
import type { TestUser } from './directory.js';
import type { SigningKey } from './signing-keys.js';

export interface TokenContext {
  readonly issuer: string;
  readonly tenantId: string;
  readonly key: SigningKey;
  /** Now, in seconds since the epoch. */
  readonly now: number;
}

/**
 * Entra's `sub` is pairwise: the same user has a different `sub` in each application,
 * so apps cannot correlate users by it. Deterministic here, so it survives restarts.
 */
export function pairwiseSub(tenantId: string, applicationId: string, oid: string): string {
  return createHash('sha256').update(`${tenantId}|${applicationId}|${oid}`).digest('base64url');
}

/**
 * The `login_hint` claim: an opaque value MSAL sends back as `login_hint` and
 * `logout_hint`. The authorize endpoint accepts it as well as the username.
 */
export function loginHintOf(user: TestUser, tenantId: string): string {
  return Buffer.from(JSON.stringify({ oid: user.oid, tid: tenantId, upn: user.username })).toString(
    'base64url',
  );
}

/** `client_info`: base64url JSON `{uid, utid}`, MSAL's home account ID. */
export function clientInfoOf(user: TestUser, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: user.oid, utid: tenantId })).toString('base64url');
}

export interface IdTokenInput {
  readonly user: TestUser;
  readonly clientId: string;
  readonly sid: string;
  readonly nonce: string | undefined;
  readonly withEmail: boolean;
  readonly lifetime: number;
}

export async function signIdToken(context: TokenContext, input: IdTokenInput): Promise<string> {
  const { user, clientId } = input;
  const claims: EntraIdTokenClaims = {
    ...commonClaims(context, user, clientId, input.sid, input.lifetime),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...(input.withEmail ? { email: user.username } : {}),
    login_hint: loginHintOf(user, context.tenantId),
  };
  return sign(context, claims);
}

export interface AccessTokenInput {
  readonly user: TestUser;
  readonly clientId: string;
  /** The API's client ID (Entra v2 tokens carry the GUID, not the api:// URI). */
  readonly audience: string;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly sid: string;
  readonly lifetime: number;
}

export async function signAccessToken(
  context: TokenContext,
  input: AccessTokenInput,
): Promise<string> {
  const claims: EntraAccessTokenClaims = {
    ...commonClaims(context, input.user, input.audience, input.sid, input.lifetime),
    azp: input.clientId,
    azpacr: '0',
    ...(input.scopes.length > 0 ? { scp: input.scopes.join(' ') } : {}),
    ...(input.roles.length > 0 ? { roles: [...input.roles] } : {}),
  };
  return sign(context, claims);
}

function commonClaims(
  context: TokenContext,
  user: TestUser,
  audience: string,
  sid: string,
  lifetime: number,
) {
  return {
    aud: audience,
    iss: context.issuer,
    iat: context.now,
    nbf: context.now,
    exp: context.now + lifetime,
    aio: randomUUID(),
    name: user.displayName,
    oid: user.oid,
    preferred_username: user.username,
    rh: randomUUID(),
    sid,
    sub: pairwiseSub(context.tenantId, audience, user.oid),
    tid: context.tenantId,
    uti: randomUUID().replaceAll('-', '').slice(0, 22),
    ver: '2.0' as const,
  };
}

function sign(context: TokenContext, claims: EntraIdTokenClaims | EntraAccessTokenClaims) {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: context.key.kid, x5t: context.key.kid })
    .sign(context.key.privateKey);
}
