// Structured request logs: one JSON line per request (a request id, the W3C trace id when
// the caller sent a `traceparent`, method, path without the query string, status,
// duration) and Nest's own messages as JSON lines too. Never headers (the token), bodies
// or query strings. The request id is ours (a UUID, also sent back as x-request-id); a
// client's is not trusted.
import { randomUUID } from 'node:crypto';
import { ConsoleLogger, type LoggerService } from '@nestjs/common';
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { destination } from 'pino';

/** `true`: request logs and Nest's on stdout; a stream: request logs there, Nest's dropped. */
export type LogsOption = boolean | { readonly requestLogStream: NodeJS.WritableStream };

/** The Fastify server options that shape its logger. */
export function requestLoggerOptions(logs: LogsOption): Partial<FastifyServerOptions> {
  return {
    // The request id is ours; a client-sent x-request-id is not trusted into the logs.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // One log line per request, written by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    logger:
      logs === false
        ? false
        : {
            level: 'info',
            // Only what identifies the request: never headers (the token), bodies or queries.
            serializers: { req: () => ({}), res: () => ({}) },
            // On stdout, written asynchronously (pino.destination({ sync: false })): a
            // request does not wait for its log line's write, which was a fifth of the
            // API's CPU time under load, nor stall when the log collector reads slowly.
            // pino writes what is pending when the process exits (not on SIGKILL).
            stream: typeof logs === 'object' ? logs.requestLogStream : destination({ sync: false }),
          },
  };
}

/** Nest's own logger: JSON lines on stdout, or nothing when request logs go to a stream. */
export function nestLogger(logs: LogsOption): LoggerService | false {
  return logs === true
    ? new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error'] })
    : false;
}

/** `traceparent` (W3C Trace Context): version-traceid-parentid-flags, the ids not all zero. */
const traceparentPattern = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The trace id of a valid `traceparent` header, else undefined. */
export function traceIdOf(traceparent: unknown): string | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const traceId = traceparentPattern.exec(traceparent.trim().toLowerCase())?.[1];
  return traceId === undefined || /^0+$/.test(traceId) ? undefined : traceId;
}

/** Writes the one line per request, and sends the request id back. */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const traceId = traceIdOf(request.headers.traceparent);
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(traceId === undefined ? {} : { traceId }),
      },
      'request',
    );
    done();
  });
}
