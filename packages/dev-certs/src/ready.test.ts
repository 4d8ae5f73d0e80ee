import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDevCerts } from './generate.js';
import { certPaths, readLocalhostTls } from './paths.js';
import { isReady, waitUntilReady } from './ready.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answering(status: number): Promise<string> {
  return listen(createHttpServer((_req, res) => res.writeHead(status).end()));
}

describe('isReady', () => {
  it('is true for a 2xx answer', async () => {
    expect(await isReady(`http://${await answering(200)}/health`)).toBe(true);
    expect(await isReady(`http://${await answering(204)}/health`)).toBe(true);
  });

  it('is false for a redirect, an error status or nothing listening', async () => {
    expect(await isReady(`http://${await answering(302)}/`)).toBe(false);
    expect(await isReady(`http://${await answering(503)}/health/ready`)).toBe(false);
    const closed = createHttpServer();
    const address = await listen(closed);
    closed.close();
    expect(await isReady(`http://${address}/`)).toBe(false);
  });

  it('trusts the given CA for https, and no other', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pixy-ready-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    ensureDevCerts(certPaths(folder));
    const tls = readLocalhostTls(certPaths(folder));
    const server = createHttpsServer({ cert: tls.cert, key: tls.key }, (_req, res) => res.end());
    const address = await listen(server);
    const url = `https://${address.replace('127.0.0.1', 'localhost')}/`;

    expect(await isReady(url, { ca: tls.ca })).toBe(true);
    expect(await isReady(url)).toBe(false);
  });
});

describe('waitUntilReady', () => {
  it('waits for an app that starts answering, and says how long it took', async () => {
    let requests = 0;
    const address = await listen(
      createHttpServer((_req, res) => res.writeHead(++requests < 3 ? 503 : 200).end()),
    );
    const outcome = await waitUntilReady(`http://${address}/health`, { timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ ready: true });
    expect(requests).toBe(3);
  });

  it('stops when the caller gives up (the process exited) or the time is up', async () => {
    const url = `http://${await answering(503)}/health`;
    expect(await waitUntilReady(url, { timeoutMs: 10_000, gaveUp: () => true })).toEqual({
      ready: false,
      reason: 'gave up',
    });
    expect(await waitUntilReady(url, { timeoutMs: 0 })).toEqual({
      ready: false,
      reason: 'timeout',
    });
  });
});
