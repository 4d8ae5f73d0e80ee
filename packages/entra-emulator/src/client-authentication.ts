/**
 * Who is calling the token endpoint. A public client (the SPA platform) presents no
 * credential, and must not; a confidential client presents exactly one: a client secret
 * (in the body, or with HTTP Basic), or a client assertion signed with the private key of
 * a registered certificate (`private_key_jwt`, found by its `x5t#S256` or `x5t`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { endpoints, type Authority } from './authorities.js';
import type { App } from './directory.js';
import type { EmulatorContext } from './emulator-context.js';
import { EntraError } from './entra-errors.js';
import { param } from './http-io.js';
import type { ClientAuthentication } from './tokens.js';

export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface AuthenticatedClient {
  readonly app: App;
  /** `azpacr`: 0 public client, 1 client secret, 2 certificate. */
  readonly authentication: ClientAuthentication;
}

/** Entra allows some clock skew in client assertions. */
const assertionClockTolerance = 5 * 60;

export async function authenticateClient(
  emulator: EmulatorContext,
  authority: Authority,
  req: IncomingMessage,
  params: URLSearchParams,
): Promise<AuthenticatedClient> {
  const basic = readBasic(req.headers.authorization);
  const bodyId = param(params, 'client_id');
  if (basic && bodyId !== undefined && basic.clientId.toLowerCase() !== bodyId.toLowerCase()) {
    throw new EntraError(
      'invalid_request',
      90023,
      'The client_id of the Authorization header and of the body differ.',
    );
  }
  const clientId = basic?.clientId ?? bodyId;
  if (clientId === undefined) {
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const app = emulator.directory.requireApp(clientId);
  const secret = param(params, 'client_secret');
  const assertion = param(params, 'client_assertion');
  const presented = [basic, secret, assertion].filter((value) => value !== undefined).length;
  if (!app.isConfidential) {
    if (presented > 0) {
      throw new EntraError(
        'invalid_client',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    }
    return { app, authentication: '0' };
  }
  if (presented === 0) {
    throw new EntraError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (presented > 1) {
    throw new EntraError(
      'invalid_request',
      90023,
      'The client authenticated in more than one way: send one of client_secret, HTTP Basic or client_assertion.',
    );
  }
  if (assertion !== undefined) {
    if (param(params, 'client_assertion_type') !== jwtBearerAssertionType) {
      throw new EntraError(
        'invalid_request',
        90023,
        `client_assertion_type must be ${jwtBearerAssertionType}.`,
      );
    }
    await verifyClientAssertion(emulator, authority, app, assertion);
    return { app, authentication: '2' };
  }
  const given = Buffer.from(secret ?? basic?.secret ?? '');
  const matches = app.secrets.some((candidate) => {
    const expected = Buffer.from(candidate);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) {
    throw new EntraError(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ` +
        `not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  return { app, authentication: '1' };
}

/** RFC 6749 §2.3.1: `Basic base64(urlencode(client_id):urlencode(secret))`. */
function readBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new EntraError(
      'invalid_request',
      90023,
      'The Basic authorization header is not id:secret.',
    );
  }
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' ')),
    };
  } catch {
    throw new EntraError(
      'invalid_request',
      90023,
      'The Basic authorization header is not URL-encoded.',
    );
  }
}

/**
 * A client assertion as Entra checks it: signed (RS256 or PS256) by a certificate
 * registered on the app, named by `x5t#S256` or `x5t`; `iss` = `sub` = the client ID;
 * `aud` = this token endpoint; within its validity (`exp` required).
 */
async function verifyClientAssertion(
  emulator: EmulatorContext,
  authority: Authority,
  app: App,
  assertion: string,
): Promise<void> {
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw new EntraError('invalid_client', 50027, 'The client assertion is not a JWT.');
  }
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
  const certificate = app.certificates.find((candidate) =>
    x5tS256 !== undefined ? candidate.x5tS256 === x5tS256 : candidate.x5t === x5t,
  );
  if (!certificate) {
    throw new EntraError(
      'invalid_client',
      700027,
      `Client assertion failed signature validation: the certificate with identifier ` +
        `${x5tS256 ?? x5t ?? '(no x5t#S256 or x5t in the header)'} used to sign it is not ` +
        `registered on application '${app.clientId}'.`,
    );
  }
  const tokenEndpoint = `${emulator.origin}/${authority.segment}${endpoints.token}`;
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(assertion, certificate.publicKey, {
      algorithms: ['RS256', 'PS256'],
      currentDate: new Date(emulator.state.now()),
      clockTolerance: assertionClockTolerance,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
      throw new EntraError(
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range (${error.message}).`,
      );
    }
    throw new EntraError(
      'invalid_client',
      700027,
      `Client assertion failed signature validation (${(error as Error).message}).`,
    );
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
    throw new EntraError(
      'invalid_client',
      700021,
      `Client assertion application identifier doesn't match 'client_id' parameter: iss and sub must be ${app.clientId}.`,
    );
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => aud?.replace(/\/$/, '') === tokenEndpoint)) {
    throw new EntraError(
      'invalid_client',
      700023,
      `Client assertion audience claim does not match Realm issuer: aud must be ${tokenEndpoint}.`,
    );
  }
}
