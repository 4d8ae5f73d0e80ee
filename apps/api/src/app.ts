// Building and starting the API, for main.ts, the tests and the benchmark:
//   const api = await startApi(readApiConfig(), { port: 0 });  // → { url, close() }
// createApp() gives the Nest application without listening (for callers that want to
// inject their own store or auth options); startApi() also opens the tasks store and listens.
import 'reflect-metadata';
import type { Agent } from 'node:https';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { authOptionsFrom, type AuthOptions } from './auth/auth-options.js';
import { AuthorityConfigurationManager } from './auth/authority-configuration.js';
import type { VerifiedToken } from './auth/entra-jwt.strategy.js';
import { VerifiedTokenCache } from './auth/verified-token-cache.js';
import type { ApiConfig } from './config/api-config.js';
import { securityHeaders } from './http/security-headers.js';
import { docsPath, setUpOpenApi } from './openapi/openapi.js';
import { openTasksStore, type TasksStore } from './tasks/tasks-store.js';

/** Largest request body accepted: a task is a title of at most 200 characters. */
export const bodyLimitBytes = 16 * 1024;

export interface CreateAppOptions {
  /** An open tasks store. createApp never closes it; startApi closes the one it opened. */
  readonly tasksStore: TasksStore;
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
  readonly logs?: boolean | { readonly requestLogStream: NodeJS.WritableStream };
}

export interface StartApiOptions extends Partial<CreateAppOptions> {
  /** Default: config.port. Use 0 for a free port (tests). */
  readonly port?: number;
  /** Default: all interfaces. */
  readonly host?: string;
}

export interface RunningApi {
  /** The base URL, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly app: NestFastifyApplication;
  /** The authority's keys and the verified-token cache (for tests and benchmarks). */
  readonly auth: AuthInternals;
  /** Stops accepting connections, finishes requests in flight, closes the store it opened. */
  close(): Promise<void>;
}

export interface AuthInternals {
  readonly authority: AuthorityConfigurationManager;
  readonly verifiedTokens: VerifiedTokenCache<VerifiedToken>;
}

export async function createApp(
  config: ApiConfig,
  options: CreateAppOptions,
): Promise<{ app: NestFastifyApplication; auth: AuthInternals }> {
  const logs = options.logs !== false;
  const requestLogStream =
    typeof options.logs === 'object' ? options.logs.requestLogStream : undefined;
  const authOptions = authOptionsFrom(config, {
    authorityAgent: options.authorityAgent,
    ...options.auth,
  });
  const adapter = new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    // The request id is ours; a client-sent x-request-id is not trusted into the logs.
    requestIdHeader: false,
    // One log line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    // On shutdown, idle keep-alive connections are closed at once; busy ones finish.
    forceCloseConnections: 'idle',
    logger: logs
      ? {
          level: 'info',
          // Only what identifies the request: never headers (the token), bodies or queries.
          serializers: { req: () => ({}), res: () => ({}) },
          ...(requestLogStream ? { stream: requestLogStream } : {}),
        }
      : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(authOptions, options.tasksStore),
    adapter,
    {
      // Nest's own messages as JSON lines too, like the request logs.
      logger:
        logs && !requestLogStream
          ? new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error'] })
          : false,
    },
  );

  const fastify = app.getHttpAdapter().getInstance();
  // Graceful shutdown: once closing, answers to requests still in flight say
  // `Connection: close`, so keep-alive clients let go and close() does not wait for them.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  const headers = securityHeaders(new URL(config.stack.authority).origin, docsPath);
  fastify.addHook('onRequest', (request, reply, done) =>
    headers(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  if (logs) {
    fastify.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        {
          method: request.method,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
      done();
    });
  }

  app.enableCors({
    origin: [...config.corsOrigins],
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['www-authenticate'],
    credentials: false,
    maxAge: 600,
  });
  setUpOpenApi(app, config.stack);
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
  const ownStore = options.tasksStore === undefined;
  const tasksStore = options.tasksStore ?? (await openTasksStore(config.databaseUrl));
  try {
    const { app, auth } = await createApp(config, { ...options, tasksStore });
    await app.listen({ port: options.port ?? config.port, host: options.host ?? '0.0.0.0' });
    const address = app.getHttpServer().address();
    const port =
      typeof address === 'object' && address ? address.port : (options.port ?? config.port);
    const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      app,
      auth,
      close: () =>
        (closing ??= (async () => {
          try {
            await app.close();
          } finally {
            if (ownStore) await tasksStore.close();
          }
        })()),
    };
  } catch (error) {
    if (ownStore) await tasksStore.close();
    throw error;
  }
}
