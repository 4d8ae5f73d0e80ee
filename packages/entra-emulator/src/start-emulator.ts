/**
 * Starting the emulator: check the configuration, load or create the signing keys, then
 * serve Entra's v2.0 endpoints for every tenant (and `/organizations`, `/common`,
 * `/consumers`), Microsoft Graph's `/me`, and the dev controls, over HTTPS on loopback.
 * It reads no environment variables and no files but its data folder: the command line
 * (cli.ts) and test runners pass everything in. Which handler answers what: routes.ts.
 */
import { DevControlsClient } from './dev-controls-client.js';
import { EmulatorConfigError, resolveDirectory, type Directory } from './directory.js';
import type { EmulatorConfig } from './emulator-config.js';
import type { EmulatorContext, TokenLifetimes } from './emulator-context.js';
import { EmulatorState } from './emulator-state.js';
import { sendJson } from './http-io.js';
import { listenOnLoopback } from './loopback-server.js';
import { route } from './routes.js';
import { SignInFormGuard } from './sign-in-form-guard.js';
import { SigningKeys } from './signing-keys.js';

/** https://localhost:8443, like the issuer most local setups expect. */
export const defaultPort = 8443;

/** Entra-like defaults, in seconds. Access tokens: Entra picks 60–90 minutes; 75 is the middle. */
export const defaultLifetimes: TokenLifetimes = {
  accessToken: 75 * 60,
  idToken: 60 * 60,
  /** Entra's refresh tokens for SPAs last 24 hours, however often they are used. */
  refreshToken: 24 * 60 * 60,
  authorizationCode: 10 * 60,
};

export interface EmulatorOptions {
  /** Tenants, users and app registrations. */
  readonly config: EmulatorConfig;
  /** Where the signing keys are kept (created if missing). Tests pass a temporary folder. */
  readonly dataDir: string;
  /** The server certificate for `localhost` (PEM), and the CA that signed it (for `devControls`). */
  readonly tls: { readonly cert: string; readonly key: string; readonly ca?: string };
  /** The loopback port; 0 picks a free one. Default 8443. */
  readonly port?: number;
  /** Serves `/_dev/*` (keys, revocation, failures, clock, tokens without a browser). Default false. */
  readonly devControls?: boolean;
  readonly lifetimes?: Partial<TokenLifetimes>;
}

export interface RunningEmulator {
  /** `https://localhost:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The first configured tenant. */
  readonly tenantId: string;
  /** `<url>/<tenantId>`: MSAL's authority for the first tenant. */
  readonly authority: string;
  /** `<authority>/v2.0`: the first tenant's tokens' `iss`, and openid-client's discovery URL. */
  readonly issuer: string;
  readonly directory: Directory;
  /** `<url>/<tenant ID or organizations, common, consumers>`. */
  authorityFor(tenant: string): string;
  /** The dev controls of this emulator, through HTTPS (trusting `tls.ca` when given). */
  readonly devControls: DevControlsClient;
  close(): Promise<void>;
}

/** Starts an emulator; throws EmulatorConfigError listing every problem of a bad configuration. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { directory, problems } = resolveDirectory(options.config);
  if (problems.length > 0) throw new EmulatorConfigError(problems);
  const lifetimes = { ...defaultLifetimes, ...options.lifetimes };
  const keys = await SigningKeys.open(options.dataDir);
  const devControls = options.devControls ?? false;

  // The origin contains the port, known only once listening; earlier requests get a 503.
  const ready: { emulator?: EmulatorContext } = {};
  const server = await listenOnLoopback(options.tls, options.port ?? defaultPort, (req, res) => {
    if (!ready.emulator) return void res.writeHead(503).end();
    route(ready.emulator, devControls, req, res).catch((error: unknown) => {
      console.error('Emulator failure:', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.end();
    });
  });
  const origin = `https://localhost:${server.port}`;
  ready.emulator = {
    origin,
    directory,
    lifetimes,
    keys,
    state: new EmulatorState(directory.users),
    corsOrigins: new Set(
      directory.apps.flatMap((app) => app.redirectUris.map((uri) => new URL(uri).origin)),
    ),
    formGuard: new SignInFormGuard(origin),
  };
  const tenantId = directory.defaultTenant.id;
  return {
    url: origin,
    port: server.port,
    tenantId,
    authority: `${origin}/${tenantId}`,
    issuer: `${origin}/${tenantId}/v2.0`,
    directory,
    authorityFor: (tenant) => `${origin}/${tenant}`,
    devControls: new DevControlsClient(origin, { ca: options.tls.ca }),
    close: () => server.close(),
  };
}
