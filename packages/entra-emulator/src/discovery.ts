/**
 * The OpenID configuration and the JWKS of each authority, in Entra's v2.0 layout. Browsers
 * fetch both cross-origin (MSAL reads the configuration), so both allow every origin: they
 * are public. `/organizations` and `/common` have a templated issuer, `{tenantid}`, as at
 * Entra; the keys carry their own `issuer`.
 */
import type { ServerResponse } from 'node:http';
import { discoveryIssuer, endpoints, type Authority } from './authorities.js';
import type { EmulatorContext } from './emulator-context.js';
import { sendJson } from './http-io.js';
import { oidcScopes } from './scope-request.js';
import type { KeySet } from './signing-keys.js';

const publicCors = { 'access-control-allow-origin': '*' };

export function openIdConfiguration(emulator: EmulatorContext, authority: Authority) {
  const url = (path: string) => `${emulator.origin}/${authority.segment}${path}`;
  return {
    issuer: discoveryIssuer(emulator.origin, authority),
    authorization_endpoint: url(endpoints.authorize),
    token_endpoint: url(endpoints.token),
    jwks_uri: url(endpoints.keys),
    end_session_endpoint: url(endpoints.logout),
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    ],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: [
      'none',
      'client_secret_post',
      'client_secret_basic',
      'private_key_jwt',
    ],
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
      'idp',
    ],
    claims_parameter_supported: true,
    request_uri_parameter_supported: false,
    frontchannel_logout_supported: false,
    tenant_region_scope: null,
    cloud_instance_name: new URL(emulator.origin).hostname,
  };
}

export function sendOpenIdConfiguration(
  emulator: EmulatorContext,
  authority: Authority,
  res: ServerResponse,
): void {
  sendJson(res, 200, openIdConfiguration(emulator, authority), publicCors);
}

/** Which key sets an authority's JWKS publishes: the organizations', the personal accounts', or both. */
function keySets(authority: Authority): KeySet[] {
  switch (authority.kind) {
    case 'tenant':
      return [authority.tenant.personal ? 'personal' : 'organizations'];
    case 'organizations':
      return ['organizations'];
    case 'consumers':
      return ['personal'];
    case 'common':
      return ['organizations', 'personal'];
  }
}

export function sendKeys(
  emulator: EmulatorContext,
  authority: Authority,
  res: ServerResponse,
): void {
  // Short caching: an API that meets an unknown kid refetches; a rotation shows at once.
  sendJson(
    res,
    200,
    { keys: emulator.keys.jwks(emulator.origin, keySets(authority)) },
    { ...publicCors, 'cache-control': 'public, max-age=60' },
  );
}
