// Claim checks that run after the signature, `aud`, `exp` and `nbf` were verified by
// passport-jwt: the ones jsonwebtoken cannot express (issuer from discovery, tenant,
// token version, `exp` being present at all, and a token that grants nothing).
import { readRoles, readScopes } from '@pixy/auth-contract';
import type { Principal } from './principal.js';
import { TokenRejection, clip } from './token-rejection.js';

export interface ClaimExpectations {
  /** `iss` from the authority's OpenID configuration. */
  readonly issuer: string;
  /** The authority's tenant (its last path segment), lower case. */
  readonly tenantId: string;
}

/** The v1 endpoint's issuer prefix; v1 tokens also carry `ver: "1.0"`. */
const v1IssuerPrefix = 'https://sts.windows.net/';

export const v1TokenDetail =
  'This is a v1.0 access token; this API accepts v2.0 tokens only. In the API app ' +
  'registration\'s manifest set "requestedAccessTokenVersion": 2 (accessTokenAcceptedVersion ' +
  'in older manifests), then request a new token.';

/** Whether an (unverified) payload looks like a v1.0 token: used for the hint only. */
export function looksLikeV1Token(payload: Record<string, unknown> | undefined): boolean {
  return (
    payload?.ver === '1.0' ||
    (typeof payload?.iss === 'string' && payload.iss.startsWith(v1IssuerPrefix))
  );
}

/** Checks a verified payload and returns the caller; throws a TokenRejection. */
export function principalFromClaims(
  payload: Record<string, unknown>,
  expected: ClaimExpectations,
): Principal {
  if (looksLikeV1Token(payload)) throw new TokenRejection('v1_token', v1TokenDetail);
  if (typeof payload.exp !== 'number') {
    // jsonwebtoken treats a token without `exp` as valid forever; Entra always sets it.
    throw new TokenRejection(
      'missing_expiry',
      'The token has no expiry (exp); it is not accepted.',
    );
  }
  const { tid, iss, oid } = payload;
  if (typeof tid !== 'string' || tid.toLowerCase() !== expected.tenantId) {
    const shown = typeof tid === 'string' ? `tenant ${clip(tid, 40)}` : 'no tenant (tid)';
    throw new TokenRejection(
      'wrong_tenant',
      `The token was issued for ${shown}; this API accepts tokens of tenant ${expected.tenantId} only.`,
    );
  }
  if (iss !== expected.issuer) {
    throw new TokenRejection(
      'wrong_issuer',
      `The token's issuer (iss) is ${typeof iss === 'string' ? `"${clip(iss)}"` : 'missing'}; ` +
        `this API accepts "${expected.issuer}" only.`,
    );
  }
  if (payload.ver !== '2.0') {
    throw new TokenRejection(
      'v1_token',
      `The token's version (ver) is not "2.0". ${v1TokenDetail}`,
    );
  }
  if (typeof oid !== 'string' || oid === '') {
    throw new TokenRejection('missing_subject', 'The token has no object ID (oid).');
  }
  const scopes = readScopes(payload);
  const roles = readRoles(payload);
  if (scopes.length === 0 && roles.length === 0) {
    // As microsoft-identity-web: a token for this API that grants neither a delegated
    // scope nor an app role is not a token this API issued permissions in.
    throw new TokenRejection(
      'no_permissions',
      'The token carries neither scopes (scp) nor app roles (roles) for this API. ' +
        'Request one of its scopes (or assign an app role), then get a new token.',
    );
  }
  return {
    oid,
    tid: tid.toLowerCase(),
    name: typeof payload.name === 'string' ? payload.name : undefined,
    preferredUsername:
      typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined,
    scopes,
    roles,
  };
}
