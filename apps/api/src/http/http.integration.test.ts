// The API's HTTP behaviour around the token: the OpenAPI document and UI, security and
// caching headers, CORS, rate limiting, health and readiness, and request logs.
import { Writable } from 'node:stream';
import { Scopes } from '@pixy/auth-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAuthorityMetadataTiming } from '../auth/auth-options.js';
import type { TasksStore } from '../tasks/tasks-store.js';
import { startFakeAuthority, type FakeAuthority } from '../../test-support/fake-authority.js';
import {
  startTestApi,
  startTestStack,
  testClientIds,
  type TestApi,
  type TestStack,
} from '../../test-support/test-api.js';
import type { TokenBuilder } from '../../test-support/token-builder.js';

let stack: TestStack;
let authority: FakeAuthority;
let store: TasksStore;
let api: TestApi;
let tokens: TokenBuilder;

beforeAll(async () => {
  stack = await startTestStack();
  ({ authority, store, api, tokens } = stack);
});

afterAll(() => stack?.close());

/** Starts another API on the same authority and store with other variables, for one test. */
async function withApi<T>(env: Record<string, string>, use: (other: TestApi) => Promise<T>) {
  const other = await startTestApi(authority, store, { env });
  try {
    return await use(other);
  } finally {
    await other.close();
  }
}

describe('the OpenAPI document and UI', () => {
  it('describe sign-in with authorization code + PKCE against the authority, scopes as full URIs', async () => {
    const spec = (await (await api.call('/docs-json')).json()) as {
      components: {
        securitySchemes: Record<string, { flows: Record<string, Record<string, unknown>> }>;
      };
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
    };
    const flow = spec.components.securitySchemes.entra!.flows.authorizationCode!;
    expect(flow.authorizationUrl).toBe(`${authority.authority}/oauth2/v2.0/authorize`);
    expect(flow.tokenUrl).toBe(`${authority.authority}/oauth2/v2.0/token`);
    const readUri = `api://${testClientIds.apiClientId}/${Scopes.TasksRead}`;
    expect(Object.keys(flow.scopes as object)).toContain(readUri);
    expect(spec.paths['/api/tasks']!.get!.security).toEqual([
      { entra: [readUri, `api://${testClientIds.apiClientId}/${Scopes.TasksReadWrite}`] },
    ]);
    expect(spec.paths['/health']!.get!.security).toBeUndefined();

    const init = await (await api.call('/docs/swagger-ui-init.js')).text();
    expect(init).toContain(`"clientId": "${testClientIds.openApiClientId}"`);
    expect(init).toContain('"usePkceWithAuthorizationCodeGrant": true');
    expect(init).toContain('"persistAuthorization": true');
  });

  it('serve /docs with headers that let the sign-in popup and token request work', async () => {
    const docs = await api.call('/docs');
    expect(docs.headers.get('cross-origin-opener-policy')).toBe('same-origin-allow-popups');
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src 'self' ${new URL(authority.authority).origin}`);
    expect(csp).not.toContain('upgrade-insecure-requests');
    const redirect = await api.call('/docs/oauth2-redirect.html');
    expect(redirect.status).toBe(200);
    expect(redirect.headers.get('cross-origin-opener-policy')).toBeNull();
    const json = await api.call('/api/me');
    expect(json.headers.get('content-security-policy')).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    expect(json.headers.get('x-powered-by')).toBeNull();
  });

  it('answer CORS preflights for the SPA origin only', async () => {
    const preflight = (origin: string) =>
      api.call('/api/tasks', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://localhost:5173');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://localhost:5173');
    const denied = await preflight('https://evil.example');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/** A stream for the API's request logs, and the lines written to it. */
function logLines(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return { lines, stream };
}

describe('request logs', () => {
  it('carry our request id (sent back as x-request-id) and the caller’s W3C trace id', async () => {
    const { lines, stream } = logLines();
    const logged = await startTestApi(authority, store, { logs: { requestLogStream: stream } });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    let response: Response;
    try {
      response = await logged.call('/health', {
        headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'mine' },
      });
      await logged.call('/health', { headers: { traceparent: 'not-a-traceparent' } });
    } finally {
      await logged.close();
    }
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [first, second] = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'request');
    expect(first).toMatchObject({ reqId: requestId, traceId, path: '/health' });
    expect(second).not.toHaveProperty('traceId');
  });

  it('are JSON lines with method, path and status, never the token, query or body', async () => {
    const { lines, stream } = logLines();
    const logged = await startTestApi(authority, store, { logs: { requestLogStream: stream } });
    try {
      const token = tokens.accessToken();
      await logged.call('/api/me?access_token=query-secret', { token });
      await logged.call('/api/tasks', {
        token,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'client-chosen' },
        body: JSON.stringify({ title: 'body-secret' }),
      });
      await logged.call('/api/me', { token: 'not.a-valid.token' });
    } finally {
      await logged.close();
    }
    const requests = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    expect(requests.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'GET', path: '/api/me', status: 200 },
      { method: 'POST', path: '/api/tasks', status: 201 },
      { method: 'GET', path: '/api/me', status: 401 },
    ]);
    const all = lines.join('\n');
    for (const secret of [
      tokens.accessToken().split('.')[0]!,
      'query-secret',
      'body-secret',
      'not.a-valid.token',
      'client-chosen',
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all.toLowerCase()).not.toContain('authorization');
  });
});

describe('caching', () => {
  it('tells browsers and proxies not to store any answer of the API', async () => {
    const ok = await api.call('/api/me', { token: tokens.accessToken() });
    const refused = await api.call('/api/me');
    for (const response of [ok, refused, await api.call('/health')]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('the OpenAPI UI switch (API_DOCS)', () => {
  it('is on by default, off in production, and on again when asked for', async () => {
    expect((await api.call('/docs-json')).status).toBe(200);
    await withApi({ NODE_ENV: 'production' }, async (production) => {
      expect((await production.call('/docs')).status).toBe(404);
      expect((await production.call('/docs-json')).status).toBe(404);
      expect((await production.call('/health')).status).toBe(200);
    });
    await withApi({ NODE_ENV: 'production', API_DOCS: 'true' }, async (enabled) => {
      expect((await enabled.call('/docs-json')).status).toBe(200);
    });
  });
});

describe('rate limiting', () => {
  it('answers 429 problem+json with Retry-After past the limit, never for health checks', async () => {
    await withApi({ RATE_LIMIT_PER_MINUTE: '3' }, async (limited) => {
      const token = tokens.accessToken();
      for (let i = 0; i < 3; i++)
        expect((await limited.call('/api/me', { token })).status).toBe(200);
      const refused = await limited.call('/api/me', { token });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { code: string }).code).toBe('rate_limited');
      for (let i = 0; i < 5; i++) expect((await limited.call('/health')).status).toBe(200);
      expect((await limited.call('/health/ready')).status).toBe(200);
    });
  });

  it('cannot be dodged with a made-up X-Forwarded-For, unless TRUST_PROXY says to read it', async () => {
    const spoofed = (i: number) => ({ headers: { 'x-forwarded-for': `203.0.113.${i}` } });
    await withApi({ RATE_LIMIT_PER_MINUTE: '2' }, async (direct) => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await direct.call('/api/me', spoofed(i))).status);
      expect(statuses).toEqual([401, 401, 429]);
    });
    await withApi({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'true' }, async (proxied) => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await proxied.call('/api/me', spoofed(i))).status);
      expect(statuses).toEqual([401, 401, 401]);
    });
  });
});

describe('health', () => {
  it('is alive at /health and ready at /health/ready when the database and keys are there', async () => {
    expect(await (await api.call('/health')).json()).toEqual({ status: 'ok' });
    const ready = await api.call('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', signingKeys: 'ok' },
    });
  });

  it('is not ready, saying why, while the database or the authority fails', async () => {
    const brokenStore: TasksStore = Object.assign(Object.create(store) as TasksStore, {
      ping: () => Promise.reject(new Error('connection refused')),
      close: () => Promise.resolve(),
    });
    const downAuthority = await startFakeAuthority();
    downAuthority.down = true;
    const broken = await startTestApi(downAuthority, brokenStore, {
      auth: { authorityMetadata: { ...defaultAuthorityMetadataTiming, retryDelaysMs: [] } },
    });
    try {
      expect((await broken.call('/health')).status).toBe(200);
      const notReady = await broken.call('/health/ready');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        status: 'unavailable',
        checks: { database: 'unavailable', signingKeys: 'unavailable' },
      });
    } finally {
      await broken.close();
      await downAuthority.close();
    }
  });
});
