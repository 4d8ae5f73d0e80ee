/**
 * The grants that redeem a user's sign-in: `authorization_code` (with PKCE) and
 * `refresh_token` (rotated on every use; a replayed one revokes its family).
 */
import { authorityCovers, type Authority } from './authorities.js';
import { challengeClaims, type ClaimsRequest } from './claims-request.js';
import type { AuthenticatedClient } from './client-authentication.js';
import type { Directory, Identity } from './directory.js';
import type { EmulatorContext } from './emulator-context.js';
import type { SignInFacts } from './emulator-state.js';
import { EntraError } from './entra-errors.js';
import { param, requiredParam } from './http-io.js';
import { checkCodeVerifier } from './pkce.js';
import { userTokenResponse, type TokenResponse } from './user-token-response.js';

export async function redeemCode(
  emulator: EmulatorContext,
  authority: Authority,
  client: AuthenticatedClient,
  params: URLSearchParams,
  claims: ClaimsRequest,
): Promise<TokenResponse> {
  const { state, directory } = emulator;
  const code = state.code(requiredParam(params, 'code'));
  if (!code) {
    throw new EntraError(
      'invalid_grant',
      70008,
      'The provided authorization code is invalid or has expired.',
    );
  }
  if (code.redeemed) {
    // RFC 6749 §4.1.2: a reused code may mean it leaked; revoke what it already gave out.
    state.revokeFamily(code.family);
    throw new EntraError(
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  }
  // Entra requires `scope` when a code is redeemed; checked before the code is spent, so a
  // client that forgot it (Swagger UI does, unless told) can retry with the same code.
  const scope = param(params, 'scope');
  if (scope === undefined) {
    throw new EntraError(
      'invalid_request',
      28003,
      'Provided value for the input parameter scope cannot be empty when requesting an access token using the provided authorization code. Please specify a valid scope.',
    );
  }
  code.redeemed = true;
  if (code.clientId !== client.app.clientId) {
    throw new EntraError(
      'invalid_grant',
      70000,
      'The authorization code was issued to a different client.',
    );
  }
  if (param(params, 'redirect_uri') !== code.redirectUri) {
    throw new EntraError(
      'invalid_grant',
      70000,
      'The redirect_uri does not match the one the authorization code was issued to.',
    );
  }
  const identity = identityOf(directory, code);
  checkTenant(
    authority,
    identity,
    700005,
    'Provided Authorization Code is intended to use against other tenant',
  );
  checkCodeVerifier(param(params, 'code_verifier'), code.codeChallenge);
  return userTokenResponse(emulator, {
    client: client.app,
    clientAuthentication: client.authentication,
    identity,
    sid: code.sid,
    authTime: code.authTime,
    nonce: code.nonce,
    scope,
    contexts: code.contexts,
    // MSAL sends the capabilities with the authorize and the token request; either will do.
    clientCapabilities:
      claims.clientCapabilities.length > 0 ? claims.clientCapabilities : code.clientCapabilities,
    refresh: {
      family: code.family,
      expiresAt: state.seconds() + emulator.lifetimes.refreshToken,
      rotation: false,
    },
    wantsClientInfo: param(params, 'client_info') === '1',
  });
}

export async function redeemRefreshToken(
  emulator: EmulatorContext,
  authority: Authority,
  client: AuthenticatedClient,
  params: URLSearchParams,
  claims: ClaimsRequest,
): Promise<TokenResponse> {
  const { state, directory } = emulator;
  const value = requiredParam(params, 'refresh_token');
  const lookup = state.redeemRefreshToken(value);
  switch (lookup.status) {
    case 'reused':
      throw new EntraError(
        'invalid_grant',
        70008,
        'The refresh token was already redeemed (each use returns a new one). A replayed refresh token ' +
          'means it may have been stolen, so every refresh token of this sign-in is now revoked ' +
          '(RFC 9700 §4.14.2): sign the user in again.',
      );
    case 'invalid':
      throw new EntraError(
        'invalid_grant',
        70008,
        'The refresh token is invalid, expired or revoked.',
      );
    case 'revoked':
      throw new EntraError(
        'invalid_grant',
        50173,
        'The provided grant has expired due to it being revoked, and a fresh auth token is needed. ' +
          'The tokens of this user were revoked: have the user sign in again.',
      );
    case 'expired':
      throw lookup.entry.spa
        ? new EntraError(
            'invalid_grant',
            700084,
            `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime, ` +
              `which can't be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.`,
          )
        : new EntraError(
            'invalid_grant',
            700082,
            'The refresh token has expired due to inactivity. Have the user sign in again.',
          );
  }
  const entry = lookup.entry;
  if (entry.clientId !== client.app.clientId) {
    throw new EntraError(
      'invalid_grant',
      70000,
      'The refresh token was issued to a different client.',
    );
  }
  const identity = identityOf(directory, entry);
  checkTenant(authority, identity, 70000, 'The refresh token was issued for another tenant');
  checkClaims(claims, entry);
  // Validated in full before the token is retired, so a refused scope does not cost the client its refresh token.
  const response = await userTokenResponse(emulator, {
    client: client.app,
    clientAuthentication: client.authentication,
    identity,
    sid: entry.sid,
    authTime: entry.authTime,
    nonce: undefined,
    scope: param(params, 'scope') ?? entry.scope,
    contexts: claims.contexts,
    clientCapabilities: claims.clientCapabilities,
    refresh: { family: entry.family, expiresAt: entry.expiresAt, rotation: true },
    wantsClientInfo: param(params, 'client_info') === '1',
  });
  state.retireRefreshToken(value);
  return response;
}

/**
 * What the request's `claims` ask of a sign-in it cannot repeat (no user is present):
 * authentication contexts it satisfied, and an authentication time after `nbf`.
 * Otherwise `interaction_required` with the claims, so MSAL goes interactive with them.
 */
export function checkClaims(claims: ClaimsRequest, signIn: SignInFacts): void {
  const missing = claims.contexts.filter((context) => !signIn.contexts.includes(context));
  if (missing.length > 0) {
    throw new EntraError(
      'interaction_required',
      50076,
      `Conditional Access requires the authentication context ${missing.join(', ')}, which this sign-in ` +
        `did not satisfy: the user must verify their identity interactively.`,
      undefined,
      challengeClaims({ contexts: missing }),
    );
  }
  const after = claims.authenticatedAfter;
  if (after !== undefined && signIn.authTime < after) {
    throw new EntraError(
      'interaction_required',
      50173,
      `The claims ask for a sign-in after ${after} (a CAE claims challenge); this sign-in is from ${signIn.authTime}. ` +
        `A fresh auth token is needed.`,
      undefined,
      challengeClaims({ authenticatedAfter: after }),
    );
  }
}

/** The identity a sign-in was for; the user may be gone from a changed configuration. */
export function identityOf(
  directory: Directory,
  signIn: { readonly userKey: string; readonly tenantId: string },
): Identity {
  const user = directory.user(signIn.userKey);
  const tenant = directory.tenant(signIn.tenantId);
  const identity = user && tenant && directory.identityIn(user, tenant);
  if (!identity) {
    throw new EntraError(
      'invalid_grant',
      50034,
      `The user account ${signIn.userKey} no longer exists.`,
    );
  }
  return identity;
}

function checkTenant(authority: Authority, identity: Identity, aadsts: number, what: string): void {
  if (!authorityCovers(authority, identity.tenant)) {
    throw new EntraError(
      'invalid_grant',
      aadsts,
      `${what}: it belongs to tenant ${identity.tenant.id}, and this request was sent to /${authority.segment}. ` +
        `Redeem it against the same tenant it was acquired for.`,
    );
  }
}
