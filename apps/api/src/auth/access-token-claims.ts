// The claim checks, once passport-jwt (jsonwebtoken) has verified the signature, `exp` and
// `nbf`: what a valid Entra v2.0 access token for THIS API, from an accepted tenant and
// client app, must say; and who the caller is (a user, or an app acting as itself).
import { readRoles, readScopes } from '@pixy/auth-contract';
import { isGuid, personalAccountsTenantId } from '@pixy/config';
import type { AuthOptions } from './auth-options.js';
import { tenantIdTemplate } from './authority-configuration.js';
import type { CallerKind, Principal } from './principal.js';
import { TokenRejection, audienceRejection, clip } from './token-rejection.js';

/** What the claims are checked against. */
export interface ClaimExpectations {
  readonly options: Pick<
    AuthOptions,
    'tenancy' | 'apiClientId' | 'audiences' | 'allowedClientIds' | 'signInClientIds' | 'allowGuests'
  >;
  /** The discovered issuer; multi-tenant: with `{tenantid}` where the token's `tid` goes. */
  readonly issuer: string;
  /** The `issuer` the JWKS publishes for the key that signed the token, if any. */
  readonly keyIssuer: string | undefined;
}

/** The v1 endpoint's issuer prefix; v1 tokens also carry `ver: "1.0"`. */
const v1IssuerPrefix = 'https://sts.windows.net/';

export const v1TokenDetail =
  'This is a v1.0 access token; this API accepts v2.0 tokens only. In the API app ' +
  'registration\'s manifest set "requestedAccessTokenVersion": 2 (accessTokenAcceptedVersion ' +
  'in older manifests), then request a new token.';

/** Checks a verified payload and returns the caller; throws a TokenRejection. */
export function principalFromClaims(
  payload: Record<string, unknown>,
  expected: ClaimExpectations,
): Principal {
  const { options } = expected;
  if (
    payload.ver === '1.0' ||
    (typeof payload.iss === 'string' && payload.iss.startsWith(v1IssuerPrefix))
  ) {
    throw new TokenRejection('v1_token', v1TokenDetail);
  }
  if (typeof payload.exp !== 'number') {
    // jsonwebtoken treats a token without `exp` as valid forever; Entra always sets it.
    throw new TokenRejection(
      'missing_expiry',
      'The token has no expiry (exp); it is not accepted.',
    );
  }
  // One audience, and it is this API (an Entra access token names exactly one).
  if (typeof payload.aud !== 'string' || !options.audiences.includes(payload.aud)) {
    throw audienceRejection(payload.aud, {
      apiClientId: options.apiClientId,
      signInClientIds: options.signInClientIds,
    });
  }

  const tid = checkTenant(payload.tid, options.tenancy);
  const { iss } = payload;
  // Multi-tenant: the discovered issuer is a template; the token's own tenant fills it.
  const issuer = expected.issuer.replace(tenantIdTemplate, tid);
  if (iss !== issuer) {
    throw new TokenRejection(
      'wrong_issuer',
      `The token's issuer (iss) is ${typeof iss === 'string' ? `"${clip(iss)}"` : 'missing'}; ` +
        `a token of tenant ${tid} must come from "${issuer}".`,
    );
  }
  // As IdentityModel's signing-key issuer validation: a key published for one issuer
  // (Entra's personal-accounts keys, say) cannot vouch for another issuer's tokens.
  if (
    expected.keyIssuer !== undefined &&
    expected.keyIssuer.replace(tenantIdTemplate, tid) !== iss
  ) {
    throw new TokenRejection(
      'wrong_key_issuer',
      `The token was signed with a key the authority publishes for another issuer ` +
        `("${clip(expected.keyIssuer)}"), not for "${clip(iss)}".`,
    );
  }
  if (payload.ver !== '2.0') {
    throw new TokenRejection(
      'v1_token',
      `The token's version (ver) is not "2.0". ${v1TokenDetail}`,
    );
  }

  const clientId = checkClientApp(payload.azp, options.allowedClientIds);
  const { oid } = payload;
  if (typeof oid !== 'string' || oid === '') {
    throw new TokenRejection('missing_subject', 'The token has no object ID (oid).');
  }
  const kind = callerKind(payload);
  if (kind === 'user' && !options.allowGuests && isGuest(payload)) {
    throw new TokenRejection(
      'guest_not_allowed',
      `The token is a guest's (a user from another tenant or identity provider, invited into ` +
        `tenant ${tid}); this API does not accept guests.`,
    );
  }
  // An app-only token's `scp` (there should be none) grants nothing: apps hold app permissions.
  const scopes = kind === 'user' ? readScopes(payload) : [];
  const roles = readRoles(payload);
  if (scopes.length === 0 && roles.length === 0) {
    // As microsoft-identity-web (IDW10201): a token for this API that grants neither a
    // delegated scope nor an app role carries no permission in this API.
    throw new TokenRejection(
      'no_permissions',
      kind === 'user'
        ? 'The token carries neither scopes (scp) nor app roles (roles) for this API. ' +
            'Request one of its scopes (or assign an app role), then get a new token.'
        : 'The app-only token carries no application permission (roles) for this API. ' +
            "An administrator grants the app one (with admin consent) in the app's API permissions.",
    );
  }
  return {
    kind,
    oid,
    tid,
    clientId,
    name: kind === 'user' && typeof payload.name === 'string' ? payload.name : undefined,
    preferredUsername:
      kind === 'user' && typeof payload.preferred_username === 'string'
        ? payload.preferred_username
        : undefined,
    scopes,
    roles,
    authContexts: stringsOf(payload.acrs),
    clientCapabilities: stringsOf(payload.xms_cc).map((value) => value.toLowerCase()),
  };
}

/** The strings of an array claim (`acrs`, `xms_cc`); nothing for any other value. */
function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** The token's tenant, if this API accepts it; throws a TokenRejection otherwise. */
function checkTenant(value: unknown, tenancy: AuthOptions['tenancy']): string {
  if (typeof value !== 'string' || !isGuid(value)) {
    const shown = typeof value === 'string' ? `"${clip(value, 40)}"` : 'missing';
    throw new TokenRejection(
      'wrong_tenant',
      `The token's tenant (tid) is ${shown}, not a tenant ID.`,
    );
  }
  const tid = value.toLowerCase();
  if (tenancy.kind === 'single') {
    if (tid !== tenancy.tenantId) {
      throw new TokenRejection(
        'wrong_tenant',
        `The token was issued for tenant ${tid}; this API accepts tokens of tenant ${tenancy.tenantId} only.`,
      );
    }
    return tid;
  }
  if (tid === personalAccountsTenantId && tenancy.authorityTenant !== 'common') {
    throw new TokenRejection(
      'personal_account_not_allowed',
      'The token belongs to a personal Microsoft account; this API accepts work and school ' +
        'accounts only.',
    );
  }
  if (tenancy.allowedTenants !== '*' && !tenancy.allowedTenants.has(tid)) {
    throw new TokenRejection(
      'tenant_not_allowed',
      `The token was issued in tenant ${tid}, which this API does not accept. Its operator ` +
        `lists the accepted tenants in AUTH_ALLOWED_TENANTS.`,
    );
  }
  return tid;
}

/** The calling client app (`azp`), if it is one this API accepts. */
function checkClientApp(azp: unknown, allowed: ReadonlySet<string>): string {
  if (typeof azp !== 'string' || azp === '') {
    throw new TokenRejection(
      'client_app_not_allowed',
      'The token does not name the client app that requested it (azp): it is not an access ' +
        'token a client app obtained for this API (an ID token has no azp).',
    );
  }
  const clientId = azp.toLowerCase();
  if (!allowed.has(clientId)) {
    throw new TokenRejection(
      'client_app_not_allowed',
      `The token was requested by client app ${clip(azp, 40)} (azp), which this API does not ` +
        `accept. Its operator lists the accepted client apps in AUTH_ALLOWED_CLIENT_IDS.`,
    );
  }
  return clientId;
}

/**
 * App-only or user, as Microsoft recommends: the optional claim `idtyp` ("the most accurate
 * way"); without it, a token with no delegated scope (`scp`) is an app's.
 */
function callerKind(payload: Record<string, unknown>): CallerKind {
  const { idtyp } = payload;
  if (idtyp === 'app') return 'app';
  if (idtyp === 'user') return 'user';
  if (idtyp !== undefined) {
    throw new TokenRejection(
      'unsupported_token_type',
      `The token's type (idtyp) is ${typeof idtyp === 'string' ? `"${clip(idtyp, 20)}"` : 'not a string'}; only "user" and "app" are known.`,
    );
  }
  return typeof payload.scp === 'string' && payload.scp.trim() !== '' ? 'user' : 'app';
}

/**
 * A guest (B2B) user: `acct` 1 (the optional claim), or an identity provider (`idp`) other
 * than the token's issuer, as intility/fastapi-azure-auth decides.
 */
function isGuest(payload: Record<string, unknown>): boolean {
  return (
    payload.acct === 1 ||
    payload.acct === '1' ||
    (typeof payload.idp === 'string' && payload.idp !== payload.iss)
  );
}
