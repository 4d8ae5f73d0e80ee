/**
 * Starting the emulator: load or create the signing keys, then serve Entra's v2.0
 * endpoints for one tenant over HTTPS on loopback. Used by `main.ts`, the tests, the
 * benchmark and the e2e suite; it reads no environment variables.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { localDefaults } from '@pixy/config';
import { readLocalhostTls } from '@pixy/dev-certs';
import { handleAuthorize } from './authorize-endpoint.js';
import { handleDevControl, devControlsPrefix } from './dev-controls.js';
import { checkDirectory, clientOrigins, defaultDirectory, type Directory } from './directory.js';
import { sendKeys, sendOpenIdConfiguration } from './discovery.js';
import { EntraError, entraErrorBody } from './entra-errors.js';
import { sendHtml, sendJson } from './http-io.js';
import { endpointPaths, type IdpContext, type TokenLifetimes } from './idp-context.js';
import { IdpState } from './idp-state.js';
import { listenOnLoopback } from './loopback-server.js';
import { handleLogout } from './logout-endpoint.js';
import { homePage } from './pages.js';
import { SignInFormGuard } from './sign-in-form-guard.js';
import { SigningKeys } from './signing-keys.js';
import { handleToken } from './token-endpoint.js';

/** https://localhost:8443, the port of the default AUTH_AUTHORITY. */
export const defaultIdpPort = 8443;

/** Entra-like defaults, in seconds. Access tokens: Entra picks 60–90 minutes; 75 is the middle. */
export const defaultLifetimes: TokenLifetimes = {
  accessToken: 75 * 60,
  idToken: 60 * 60,
  /** Entra's refresh tokens for SPAs last 24 hours, however often they are used. */
  refreshToken: 24 * 60 * 60,
  authorizationCode: 10 * 60,
};

export interface StartIdpOptions {
  /** Where the signing keys are kept (created if missing). Tests pass a temporary folder. */
  readonly dataDir: string;
  /** The loopback port; 0 picks a free one. Default 8443 (defaultIdpPort). */
  readonly port?: number;
  /** Default: the local AUTH_TENANT_ID. */
  readonly tenantId?: string;
  /** Users, clients and APIs. Default: Pixy's local app registrations and test users. */
  readonly directory?: Directory;
  /** Enables `/_dev/*` (key rotation, revocation, tokens without a browser). Default false. */
  readonly devControls?: boolean;
  readonly lifetimes?: Partial<TokenLifetimes>;
  /** The server certificate. Default: `.certs/localhost.pem` from `pnpm certs`. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface RunningIdp {
  /** `https://localhost:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly tenantId: string;
  /** `<url>/<tenant>`: MSAL's authority, AUTH_AUTHORITY. */
  readonly authority: string;
  /** `<authority>/v2.0`: the tokens' `iss`, and openid-client's discovery URL. */
  readonly issuer: string;
  readonly directory: Directory;
  close(): Promise<void>;
}

export async function startIdp(options: StartIdpOptions): Promise<RunningIdp> {
  const tenantId = (options.tenantId ?? localDefaults.AUTH_TENANT_ID).toLowerCase();
  const directory = options.directory ?? defaultDirectory(localAppRegistrations);
  const problems = checkDirectory(directory);
  if (problems.length > 0)
    throw new Error(`The emulator's directory is not valid:\n  - ${problems.join('\n  - ')}`);
  const lifetimes = { ...defaultLifetimes, ...options.lifetimes };
  const keys = await SigningKeys.open(options.dataDir);
  const devControls = options.devControls ?? false;

  // The issuer contains the port, known only once listening; earlier requests get a 503.
  const ready: { idp?: IdpContext } = {};
  const server = await listenOnLoopback(
    options.tls ?? readLocalhostTls(),
    options.port ?? defaultIdpPort,
    (req, res) => {
      if (!ready.idp) return void res.writeHead(503).end();
      route(ready.idp, devControls, req, res).catch((error: unknown) => {
        console.error('Emulator failure:', error);
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
        else res.end();
      });
    },
  );
  const origin = `https://localhost:${server.port}`;
  const idp: IdpContext = {
    origin,
    tenantId,
    issuer: `${origin}/${tenantId}/v2.0`,
    paths: endpointPaths(tenantId),
    directory,
    lifetimes,
    keys,
    state: new IdpState(),
    corsOrigins: clientOrigins(directory),
    formGuard: new SignInFormGuard(origin),
  };
  ready.idp = idp;
  return {
    url: origin,
    port: server.port,
    tenantId,
    authority: `${origin}/${tenantId}`,
    issuer: idp.issuer,
    directory,
    close: () => server.close(),
  };
}

const localAppRegistrations = {
  spaClientId: localDefaults.SPA_CLIENT_ID,
  apiClientId: localDefaults.API_CLIENT_ID,
  openApiClientId: localDefaults.OPENAPI_CLIENT_ID,
  spaUrl: localDefaults.SPA_URL,
  apiUrl: localDefaults.API_URL,
};

async function route(
  idp: IdpContext,
  devControls: boolean,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', idp.origin);
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const { paths } = idp;

  if (path === paths.token) return handleToken(idp, req, res);
  if (path === paths.authorize && ['GET', 'POST'].includes(method))
    return handleAuthorize(idp, req, res, url);
  if (path === paths.logout && ['GET', 'POST'].includes(method))
    return handleLogout(idp, req, res, url);
  if (path === paths.discovery && method === 'GET') return sendOpenIdConfiguration(idp, res);
  if (path === paths.keys && method === 'GET') return sendKeys(idp, res);
  if (path.startsWith(devControlsPrefix) && devControls)
    return handleDevControl(idp, req, res, path);
  if (path === '/' && method === 'GET') return sendHtml(res, 200, homePage(idp));

  const firstSegment = path.split('/')[1] ?? '';
  if (
    firstSegment !== idp.tenantId &&
    /^[0-9a-f-]{36}$|^(common|organizations|consumers)$/i.test(firstSegment)
  ) {
    const error = new EntraError(
      'invalid_request',
      90002,
      `Tenant '${firstSegment}' not found: this emulator serves tenant ${idp.tenantId} only. ` +
        `Check AUTH_TENANT_ID and AUTH_AUTHORITY.`,
    );
    return sendJson(res, 400, entraErrorBody(error), { 'access-control-allow-origin': '*' });
  }
  sendJson(res, 404, { error: 'not_found', error_description: `Nothing at ${method} ${path}.` });
}
