/**
 * The OpenID configuration and the JWKS, in Entra's v2.0 layout. Browsers fetch both
 * cross-origin (MSAL reads the configuration), so both allow every origin: they are public.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';
import type { IdpContext } from './idp-context.js';
import { oidcScopes } from './scope-request.js';

const publicCors = { 'access-control-allow-origin': '*' };

export function openIdConfiguration(idp: IdpContext) {
  const url = (path: string) => `${idp.origin}${path}`;
  return {
    issuer: idp.issuer,
    authorization_endpoint: url(idp.paths.authorize),
    token_endpoint: url(idp.paths.token),
    jwks_uri: url(idp.paths.keys),
    end_session_endpoint: url(idp.paths.logout),
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [...oidcScopes],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'nonce',
      'name',
      'preferred_username',
      'email',
      'oid',
      'tid',
      'sid',
      'login_hint',
      'ver',
      'aio',
      'rh',
      'uti',
    ],
    request_uri_parameter_supported: false,
    frontchannel_logout_supported: false,
    tenant_region_scope: null,
    cloud_instance_name: new URL(idp.origin).hostname,
  };
}

export function sendOpenIdConfiguration(idp: IdpContext, res: ServerResponse): void {
  sendJson(res, 200, openIdConfiguration(idp), publicCors);
}

export function sendKeys(idp: IdpContext, res: ServerResponse): void {
  // Short caching: an API that meets an unknown kid refetches; a rotation shows at once.
  sendJson(
    res,
    200,
    { keys: idp.keys.jwks(idp.issuer) },
    {
      ...publicCors,
      'cache-control': 'public, max-age=60',
    },
  );
}
