/**
 * `POST /<authority>/oauth2/v2.0/token`: authenticates the client, then redeems the grant.
 * Browsers call it cross-origin without a preflight (MSAL avoids one), so every answer,
 * errors included, carries CORS headers for registered origins; without them on an error
 * MSAL reports a network failure and retries, redeeming a code twice. The dev controls can
 * make it answer 503 for the next requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authority } from './authorities.js';
import { parseClaims } from './claims-request.js';
import { clientCredentials, onBehalfOf } from './app-grants.js';
import { authenticateClient } from './client-authentication.js';
import type { EmulatorContext } from './emulator-context.js';
import { EntraError, entraErrorBody } from './entra-errors.js';
import { param, readForm, requiredParam, sendJson } from './http-io.js';
import { redeemCode, redeemRefreshToken } from './user-grants.js';
import type { TokenResponse } from './user-token-response.js';

export async function handleToken(
  emulator: EmulatorContext,
  authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const cors = corsHeaders(emulator, req.headers.origin);
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
    const failure = emulator.state.takeTokenFailure();
    if (failure) {
      const unavailable = new EntraError(
        'temporarily_unavailable',
        90006,
        `The service is temporarily unavailable (the emulator's dev controls injected this failure; ` +
          `${failure.remaining} more to come).`,
      );
      sendJson(res, failure.status, entraErrorBody(unavailable, correlationId), {
        ...cors,
        'retry-after': String(failure.retryAfterSeconds),
      });
      return;
    }
    sendJson(res, 200, await redeem(emulator, authority, req, params), {
      ...cors,
      pragma: 'no-cache',
    });
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

const jwtBearerGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The answer to a token request, or an EntraError. */
async function redeem(
  emulator: EmulatorContext,
  authority: Authority,
  req: IncomingMessage,
  params: URLSearchParams,
): Promise<TokenResponse> {
  const grantType = requiredParam(params, 'grant_type');
  const client = await authenticateClient(emulator, authority, req, params);
  const claims = parseClaims(param(params, 'claims'));
  switch (grantType) {
    case 'authorization_code':
      return redeemCode(emulator, authority, client, params, claims);
    case 'refresh_token':
      return redeemRefreshToken(emulator, authority, client, params, claims);
    case 'client_credentials':
      return clientCredentials(emulator, authority, client, params);
    case jwtBearerGrant:
      return onBehalfOf(emulator, authority, client, params, claims);
  }
  throw new EntraError(
    'unsupported_grant_type',
    70003,
    `The app requested an unsupported grant type '${grantType}': this emulator supports ` +
      `authorization_code, refresh_token, client_credentials and ${jwtBearerGrant} (on-behalf-of).`,
  );
}

function corsHeaders(
  emulator: EmulatorContext,
  origin: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin !== undefined && emulator.corsOrigins.has(origin))
    headers['access-control-allow-origin'] = origin;
  return headers;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
