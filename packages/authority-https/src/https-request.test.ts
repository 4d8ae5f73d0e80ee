// What a Node app is told when the authority cannot be asked: each message names what to
// fix. Against a real HTTPS server with a test CA made here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certPaths, ensureDevCerts } from '@pixy/dev-certs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorityUnavailableError, fetchJson, requestHttps } from './https-request.js';

let server: Server;
let origin: string;
let trusting: Agent;

beforeAll(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pixy-authority-https-'));
  const paths = certPaths(folder);
  ensureDevCerts(paths);
  const [cert, key, ca] = [paths.cert, paths.key, paths.ca].map((path) =>
    readFileSync(path, 'utf8'),
  );
  rmSync(folder, { recursive: true, force: true });
  trusting = new Agent({ ca, keepAlive: false });
  server = createServer({ cert, key }, (request, response) => {
    if (request.url === '/json') return void response.end('{"issuer":"x"}');
    if (request.url === '/big') return void response.end('x'.repeat(10_000));
    if (request.url === '/echo') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.end(JSON.stringify({ method: request.method, body })));
      return;
    }
    response.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  trusting?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

const options = { timeoutMs: 2000, maxBytes: 1024 };

async function failure(url: string, agent?: Agent): Promise<AuthorityUnavailableError> {
  try {
    await fetchJson(url, { ...options, agent });
  } catch (error) {
    expect(error).toBeInstanceOf(AuthorityUnavailableError);
    return error as AuthorityUnavailableError;
  }
  throw new Error('expected a failure');
}

describe('requestHttps and fetchJson', () => {
  it('read an answer through an agent that trusts the server, and post a body', async () => {
    expect(await fetchJson(`${origin}/json`, { ...options, agent: trusting })).toEqual({
      issuer: 'x',
    });
    const posted = await requestHttps(
      `${origin}/echo`,
      { method: 'POST', body: 'a=1' },
      { ...options, agent: trusting },
    );
    expect(JSON.parse(posted.text)).toEqual({ method: 'POST', body: 'a=1' });
  });

  it('say how to trust an untrusted certificate', async () => {
    const untrusting = new Agent({ keepAlive: false });
    const error = await failure(`${origin}/json`, untrusting);
    expect(error.message).toMatch(/TLS certificate of 127\.0\.0\.1:\d+ is not trusted.*pnpm certs/);
    untrusting.destroy();
  });

  it('say nothing answers, and what to check, when the port is closed', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createTcpServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const error = await failure(`https://127.0.0.1:${port}/x`);
    expect(error.message).toMatch(/nothing answers at 127\.0\.0\.1:\d+.*AUTH_AUTHORITY/);
  });

  it('refuse plain http, an answer too large, not JSON, or not 2xx', async () => {
    expect((await failure('http://127.0.0.1:1/x')).message).toMatch(/is not https/);
    expect((await failure(`${origin}/big`, trusting)).message).toMatch(/more than 1024 bytes/);
    expect((await failure(`${origin}/missing`, trusting)).message).toMatch(/answered HTTP 404/);
  });
});
