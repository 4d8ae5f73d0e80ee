import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortsFree, PortTakenError } from './ports.js';

const servers: Server[] = [];

/** A port something listens on, at `host`. */
async function takenPort(host: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on (bound, read, released). */
async function freePort(): Promise<number> {
  const port = await takenPort('127.0.0.1');
  await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
  return port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('assertPortsFree', () => {
  it('passes when nothing listens on the ports', async () => {
    const ports = { idp: await freePort(), api: await freePort(), web: await freePort() };
    await expect(assertPortsFree(['idp', 'api', 'web'], ports)).resolves.toBeUndefined();
  });

  it('names the taken port and the app that needed it', async () => {
    const ports = {
      idp: await freePort(),
      api: await takenPort('127.0.0.1'),
      web: await freePort(),
    };
    const check = assertPortsFree(['idp', 'api', 'web'], ports);
    await expect(check).rejects.toThrow(PortTakenError);
    await expect(assertPortsFree(['idp', 'api', 'web'], ports)).rejects.toThrow(
      `port ${ports.api} (for the API (apps/api)) is already in use`,
    );
  });

  it('sees a server listening on the IPv6 loopback only', async () => {
    const ports = { idp: await takenPort('::1'), api: await freePort(), web: await freePort() };
    await expect(assertPortsFree(['idp', 'api', 'web'], ports)).rejects.toThrow(
      `port ${ports.idp} (for the Entra ID emulator`,
    );
  });

  it('lists every taken port at once', async () => {
    const ports = {
      idp: await takenPort('127.0.0.1'),
      api: await freePort(),
      web: await takenPort('127.0.0.1'),
    };
    await expect(assertPortsFree(['idp', 'api', 'web'], ports)).rejects.toThrow(
      new RegExp(`port ${ports.idp} .* and port ${ports.web} .* are already in use`),
    );
  });
});
