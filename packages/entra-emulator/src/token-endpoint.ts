/**
 * `POST /<tenant>/oauth2/v2.0/token`: redeems authorization codes (with PKCE) and refresh
 * tokens. Browsers call it cross-origin without a preflight (MSAL avoids one), so every
 * answer, errors included, carries CORS headers for registered origins; without them on
 * an error MSAL reports a network failure and retries, redeeming a code twice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findUser, type ClientApp, type TestUser } from './directory.js';
import { EntraError, entraErrorBody } from './entra-errors.js';
import { param, readForm, requiredParam, sendJson } from './http-io.js';
import type { IdpContext } from './idp-context.js';
import { checkCodeVerifier } from './pkce.js';
import {
  grantScopes,
  parseScopeRequest,
  rolesOf,
  singleResource,
  type ScopeRequest,
} from './scope-request.js';
import { clientInfoOf, signAccessToken, signIdToken } from './tokens.js';

/** Microsoft Graph's app ID: Entra's audience for a request with no API scope. */
export const microsoftGraphAppId = '00000003-0000-0000-c000-000000000000';

export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly scope: string;
  readonly expires_in: number;
  readonly ext_expires_in: number;
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly refresh_token_expires_in?: number;
  readonly id_token?: string;
  readonly client_info?: string;
}

export async function handleToken(
  idp: IdpContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const cors = corsHeaders(idp, req.headers.origin);
  if (req.method === 'OPTIONS') {
    // MSAL sends no preflight, but other clients do: Swagger UI adds X-Requested-With.
    // Like Entra, allow whatever headers a registered origin asks for.
    const requested = headerValue(req, 'access-control-request-headers') ?? '';
    res.writeHead(204, {
      ...cors,
      'access-control-allow-methods': 'POST, OPTIONS',
      ...(/^[\w-]+(\s*,\s*[\w-]+)*$/.test(requested)
        ? { 'access-control-allow-headers': requested }
        : {}),
      'access-control-max-age': '86400',
    });
    res.end();
    return;
  }
  let correlationId: string | undefined;
  try {
    if (req.method !== 'POST') {
      throw new EntraError('invalid_request', 900561, 'The endpoint only accepts POST requests.');
    }
    const params = await readForm(req);
    correlationId = param(params, 'client-request-id') ?? headerValue(req, 'client-request-id');
    sendJson(res, 200, await redeem(idp, params), { ...cors, pragma: 'no-cache' });
  } catch (error) {
    if (error instanceof EntraError) {
      const status = error.error === 'invalid_client' ? 401 : 400;
      sendJson(res, status, entraErrorBody(error, correlationId), cors);
      return;
    }
    console.error('Token endpoint failure:', error);
    const failure = new EntraError('server_error', 90000, 'The emulator failed; see its log.');
    sendJson(res, 500, entraErrorBody(failure, correlationId), cors);
  }
}

/** The answer to a token request, or an EntraError. */
async function redeem(idp: IdpContext, params: URLSearchParams): Promise<TokenResponse> {
  const client = findPublicClient(idp, params);
  const grantType = requiredParam(params, 'grant_type');
  if (grantType === 'authorization_code') return redeemCode(idp, client, params);
  if (grantType === 'refresh_token') return redeemRefreshToken(idp, client, params);
  throw new EntraError(
    'unsupported_grant_type',
    70003,
    `The app requested an unsupported grant type '${grantType}': this emulator supports authorization_code and refresh_token.`,
  );
}

async function redeemCode(
  idp: IdpContext,
  client: ClientApp,
  params: URLSearchParams,
): Promise<TokenResponse> {
  const code = idp.state.code(requiredParam(params, 'code'));
  if (!code) {
    throw new EntraError(
      'invalid_grant',
      70008,
      'The provided authorization code is invalid or has expired.',
    );
  }
  if (code.redeemed) {
    // RFC 6749 §4.1.2: a reused code may mean it leaked; revoke what it already gave out.
    idp.state.revokeFamily(code.family);
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
  if (code.clientId !== client.clientId) {
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
  checkCodeVerifier(param(params, 'code_verifier'), code.codeChallenge);
  return tokenResponse(idp, {
    client,
    user: userOf(idp, code.userKey),
    sid: code.sid,
    nonce: code.nonce,
    scope,
    refresh: {
      family: code.family,
      expiresAt: idp.state.seconds() + idp.lifetimes.refreshToken,
      rotation: false,
    },
    wantsClientInfo: param(params, 'client_info') === '1',
  });
}

async function redeemRefreshToken(
  idp: IdpContext,
  client: ClientApp,
  params: URLSearchParams,
): Promise<TokenResponse> {
  const value = requiredParam(params, 'refresh_token');
  const lookup = idp.state.redeemRefreshToken(value);
  if (lookup.status === 'reused') {
    throw new EntraError(
      'invalid_grant',
      70008,
      'The refresh token was already redeemed (each use returns a new one). A replayed refresh token ' +
        'means it may have been stolen, so every refresh token of this sign-in is now revoked ' +
        '(RFC 9700 §4.14.2): sign the user in again.',
    );
  }
  if (lookup.status === 'invalid') {
    throw new EntraError(
      'invalid_grant',
      70008,
      'The refresh token is invalid, expired or revoked.',
    );
  }
  const entry = lookup.entry;
  if (entry.clientId !== client.clientId) {
    throw new EntraError(
      'invalid_grant',
      70000,
      'The refresh token was issued to a different client.',
    );
  }
  // Validated in full before the token is retired, so a refused scope does not cost the client its refresh token.
  const response = await tokenResponse(idp, {
    client,
    user: userOf(idp, entry.userKey),
    sid: entry.sid,
    nonce: undefined,
    scope: param(params, 'scope') ?? entry.scope,
    refresh: { family: entry.family, expiresAt: entry.expiresAt, rotation: true },
    wantsClientInfo: param(params, 'client_info') === '1',
  });
  idp.state.retireRefreshToken(value);
  return response;
}

export interface Grant {
  readonly client: ClientApp;
  readonly user: TestUser;
  readonly sid: string;
  readonly nonce: string | undefined;
  /** The request's scope parameter: OIDC scopes and the scopes of at most one API. */
  readonly scope: string;
  /**
   * How refresh tokens are issued: after a code only for `offline_access`; after a
   * refresh token always (`rotation`), since the used one stops working. None for dev tokens.
   */
  readonly refresh:
    { readonly family: string; readonly expiresAt: number; readonly rotation: boolean } | undefined;
  readonly wantsClientInfo: boolean;
}

/**
 * Tokens for a grant whose client and user are established. Refuses scopes of several
 * APIs (AADSTS28000) and scopes the user has not consented to (AADSTS65001); never
 * returns fewer scopes than asked for.
 */
export async function tokenResponse(idp: IdpContext, grant: Grant): Promise<TokenResponse> {
  const request = parseScopeRequest(grant.scope, idp.directory);
  const resource = singleResource(request, grant.scope);
  const granted = resource
    ? grantScopes(grant.user, resource, grant.client.clientId, 'invalid_grant')
    : [];
  const now = idp.state.seconds();
  const context = { issuer: idp.issuer, tenantId: idp.tenantId, key: idp.keys.active, now };
  const accessToken = await signAccessToken(context, {
    user: grant.user,
    clientId: grant.client.clientId,
    audience: resource?.api.clientId ?? microsoftGraphAppId,
    scopes: resource ? granted : graphScopes(request),
    roles: resource ? rolesOf(grant.user, resource.api) : [],
    sid: grant.sid,
    lifetime: idp.lifetimes.accessToken,
  });
  const response: {
    -readonly [K in keyof TokenResponse]: TokenResponse[K];
  } = {
    token_type: 'Bearer',
    scope: resource
      ? granted.map((s) => `${resource.api.applicationIdUri}/${s}`).join(' ')
      : graphScopes(request).join(' '),
    expires_in: idp.lifetimes.accessToken,
    ext_expires_in: idp.lifetimes.accessToken,
    access_token: accessToken,
  };
  if (request.oidc.has('openid')) {
    response.id_token = await signIdToken(context, {
      user: grant.user,
      clientId: grant.client.clientId,
      sid: grant.sid,
      nonce: grant.nonce,
      withEmail: request.oidc.has('email'),
      lifetime: idp.lifetimes.idToken,
    });
  }
  if (grant.refresh && (grant.refresh.rotation || request.oidc.has('offline_access'))) {
    response.refresh_token = idp.state.issueRefreshToken({
      clientId: grant.client.clientId,
      userKey: grant.user.key,
      sid: grant.sid,
      scope: grant.scope,
      family: grant.refresh.family,
      expiresAt: grant.refresh.expiresAt,
    });
    response.refresh_token_expires_in = grant.refresh.expiresAt - now;
  }
  if (grant.wantsClientInfo) response.client_info = clientInfoOf(grant.user, idp.tenantId);
  return response;
}

/** With no API scope Entra issues a Microsoft Graph token; it carries the OIDC scopes here. */
function graphScopes(request: ScopeRequest): string[] {
  return [...request.oidc].filter((scope) => scope !== 'offline_access');
}

function findPublicClient(idp: IdpContext, params: URLSearchParams): ClientApp {
  const clientId = requiredParam(params, 'client_id').toLowerCase();
  const client = idp.directory.clients.find((c) => c.clientId === clientId);
  if (!client) {
    throw new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory of this emulator.`,
    );
  }
  if (params.has('client_secret') || params.has('client_assertion')) {
    throw new EntraError(
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    );
  }
  return client;
}

function userOf(idp: IdpContext, key: string): TestUser {
  const user = findUser(idp.directory, key);
  if (!user)
    throw new EntraError('invalid_grant', 50034, `The user account ${key} no longer exists.`);
  return user;
}

function corsHeaders(idp: IdpContext, origin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin !== undefined && idp.corsOrigins.has(origin))
    headers['access-control-allow-origin'] = origin;
  return headers;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
