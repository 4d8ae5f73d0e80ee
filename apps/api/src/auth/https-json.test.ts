// What the API says when the authority cannot be asked: each message names what to fix.
import { createServer } from 'node:net';
import { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAuthority, type FakeAuthority } from '../test-support/fake-authority.js';
import { AuthorityUnavailableError, fetchJson } from './https-json.js';

let authority: FakeAuthority;
beforeAll(async () => {
  authority = await startFakeAuthority();
});
afterAll(() => authority?.close());

const options = { timeoutMs: 2000, maxBytes: 64 * 1024 };
const discovery = () => `${authority.authority}/v2.0/.well-known/openid-configuration`;

async function failure(url: string, agent?: Agent): Promise<AuthorityUnavailableError> {
  try {
    await fetchJson(url, { ...options, agent });
  } catch (error) {
    expect(error).toBeInstanceOf(AuthorityUnavailableError);
    return error as AuthorityUnavailableError;
  }
  throw new Error('expected a failure');
}

describe('fetchJson', () => {
  it('reads a document through an agent that trusts the authority', async () => {
    expect(await fetchJson(discovery(), { ...options, agent: authority.agent })).toMatchObject({
      issuer: authority.issuer,
    });
  });

  it('says how to trust an untrusted certificate', async () => {
    const untrusting = new Agent({ keepAlive: false });
    const error = await failure(discovery(), untrusting);
    expect(error.message).toMatch(/TLS certificate of 127\.0\.0\.1:\d+ is not trusted.*pnpm certs/);
    untrusting.destroy();
  });

  it('says nothing answers, and what to check, when the port is closed', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const error = await failure(
      `https://127.0.0.1:${port}/tenant/v2.0/.well-known/openid-configuration`,
    );
    expect(error.message).toMatch(/nothing answers at 127\.0\.0\.1:\d+.*AUTH_AUTHORITY/);
  });

  it('refuses plain http, and an answer that is not JSON or not 2xx', async () => {
    expect((await failure('http://127.0.0.1:1/x')).message).toMatch(/is not https/);
    const missing = await failure(`${authority.origin}/nowhere`, authority.agent);
    expect(missing.message).toMatch(/answered HTTP 404/);
  });
});
