/**
 * Serving HTTPS on loopback only: 127.0.0.1 and, when the machine has IPv6, ::1 on the
 * same port. `localhost` resolves to either, depending on the OS and the client, and
 * https://localhost:<port> must work for browsers and Node alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenOnLoopback(
  tls: { readonly cert: string; readonly key: string },
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackServer> {
  const ipv4 = await listen(createServer(tls, handler), port, '127.0.0.1');
  const actualPort = (ipv4.address() as AddressInfo).port;
  const servers = [ipv4];
  try {
    servers.push(await listen(createServer(tls, handler), actualPort, '::1'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No IPv6 on this machine: clients then resolve localhost to 127.0.0.1 only.
    if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT') {
      await closeServer(ipv4);
      throw error;
    }
  }
  return {
    port: actualPort,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          Object.assign(
            new Error(
              `Port ${port} on ${host} is taken: stop the other emulator (or whatever uses it), or set IDP_PORT.`,
            ),
            { code: error.code },
          ),
        );
      } else reject(error);
    });
    server.listen(port, host, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections(); // keep-alive clients would otherwise hold close() open
  });
}
