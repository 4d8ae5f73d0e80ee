// Building and starting the API, for main.ts, the tests and the benchmark:
//   const api = await startApi(readApiConfig(), { port: 0 });  // → { url, close() }
// createApp() gives the Nest application without listening; startApi() also listens. What
// the app is made of is AppModule's business; the HTTP concerns are in http/, one file each.
import 'reflect-metadata';
import type { Agent } from 'node:https';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import type { AuthOptions } from './auth/auth-options.js';
import { AuthorityConfigurationManager } from './auth/authority-configuration.js';
import type { VerifiedToken } from './auth/entra-jwt.strategy.js';
import { VerifiedTokenCache } from './auth/verified-token-cache.js';
import type { ApiConfig } from './config/api-config.js';
import { corsOptions } from './http/cors.js';
import { closeConnectionsOnShutdown, shutdownServerOptions } from './http/graceful-shutdown.js';
import {
  logRequests,
  nestLogger,
  requestLoggerOptions,
  type LogsOption,
} from './http/request-logs.js';
import { limitRequestRate } from './http/rate-limit.js';
import { addSecurityHeaders } from './http/security-headers.js';
import { docsPath, setUpOpenApi } from './openapi/openapi.js';
import type { TasksStore } from './tasks/tasks-store.js';

/** Largest request body accepted: a task is a title of at most 200 characters. */
export const bodyLimitBytes = 16 * 1024;

export interface CreateAppOptions {
  /** An open tasks store to use instead of opening DATABASE_URL (the caller closes it). */
  readonly tasksStore?: TasksStore;
  /**
   * The agent used to fetch the OpenID configuration and JWKS. Default: Node's global
   * agent (the system CAs plus NODE_EXTRA_CA_CERTS); main.ts passes authorityAgent().
   */
  readonly authorityAgent?: Agent;
  /** Changes to the auth options the configuration gives (tests: timings, the clock). */
  readonly auth?: Partial<AuthOptions>;
  /**
   * Structured request logs (JSON lines) and Nest's start-up logs. Default: true, on
   * stdout; a stream receives the request logs instead, and Nest's are dropped (tests).
   */
  readonly logs?: LogsOption;
}

export interface StartApiOptions extends CreateAppOptions {
  /** Default: config.port. Use 0 for a free port (tests). */
  readonly port?: number;
  /** Default: all interfaces. */
  readonly host?: string;
}

/** The authority's keys and the verified-token cache (for tests and benchmarks). */
export interface AuthInternals {
  readonly authority: AuthorityConfigurationManager;
  readonly verifiedTokens: VerifiedTokenCache<VerifiedToken>;
}

export interface RunningApi {
  /** The base URL, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly auth: AuthInternals;
  /** Stops accepting connections, finishes requests in flight, closes the store it opened. */
  close(): Promise<void>;
}

export async function createApp(
  config: ApiConfig,
  options: CreateAppOptions = {},
): Promise<{ app: NestFastifyApplication; auth: AuthInternals }> {
  const logs = options.logs ?? true;
  const adapter = new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    // A number of hops: trust that many proxies in front (Fastify's function form).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    ...shutdownServerOptions,
    ...requestLoggerOptions(logs),
  });
  const module = AppModule.forRoot(config, {
    ...(options.tasksStore ? { tasksStore: options.tasksStore } : {}),
    auth: { authorityAgent: options.authorityAgent, ...options.auth },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: nestLogger(logs),
  });

  const fastify = app.getHttpAdapter().getInstance();
  closeConnectionsOnShutdown(fastify);
  addSecurityHeaders(fastify, new URL(config.stack.authority).origin, docsPath);
  if (logs !== false) logRequests(fastify);
  app.enableCors(corsOptions(config.corsOrigins));
  await limitRequestRate(app, config.rateLimitPerMinute);
  if (config.docs) setUpOpenApi(app, config.stack);
  await app.init();
  return {
    app,
    auth: {
      authority: app.get(AuthorityConfigurationManager),
      verifiedTokens: app.get<VerifiedTokenCache<VerifiedToken>>(VerifiedTokenCache),
    },
  };
}

export async function startApi(
  config: ApiConfig,
  options: StartApiOptions = {},
): Promise<RunningApi> {
  const { app, auth } = await createApp(config, options);
  try {
    await app.listen({ port: options.port ?? config.port, host: options.host ?? '0.0.0.0' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.getHttpServer().address();
  const port =
    typeof address === 'object' && address ? address.port : (options.port ?? config.port);
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    app,
    auth,
    close: () => (closing ??= app.close()),
  };
}
