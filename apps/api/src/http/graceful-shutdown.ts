// Graceful shutdown: on close, idle keep-alive connections are closed at once and busy
// ones finish; answers to requests still in flight say `Connection: close`, so keep-alive
// clients let go and close() does not wait for them.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

export const shutdownServerOptions: Partial<FastifyServerOptions> = {
  forceCloseConnections: 'idle',
};

export function closeConnectionsOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
