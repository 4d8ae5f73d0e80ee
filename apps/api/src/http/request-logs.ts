// Structured request logs: one JSON line per request (method, path without the query
// string, status, duration) and Nest's own messages as JSON lines too. Never headers (the
// token), bodies or query strings. The request id is Fastify's; a client's is not trusted.
import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';

/** `true`: request logs and Nest's on stdout; a stream: request logs there, Nest's dropped. */
export type LogsOption = boolean | { readonly requestLogStream: NodeJS.WritableStream };

/** The Fastify server options that shape its logger. */
export function requestLoggerOptions(logs: LogsOption): Partial<FastifyServerOptions> {
  return {
    // The request id is ours; a client-sent x-request-id is not trusted into the logs.
    requestIdHeader: false,
    // One log line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    logger:
      logs === false
        ? false
        : {
            level: 'info',
            // Only what identifies the request: never headers (the token), bodies or queries.
            serializers: { req: () => ({}), res: () => ({}) },
            ...(typeof logs === 'object' ? { stream: logs.requestLogStream } : {}),
          },
  };
}

/** Nest's own logger: JSON lines on stdout, or nothing when request logs go to a stream. */
export function nestLogger(logs: LogsOption): LoggerService | false {
  return logs === true
    ? new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error'] })
    : false;
}

/** Writes the one line per request. */
export function logRequests(fastify: FastifyInstance): void {
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
