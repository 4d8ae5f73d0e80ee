// The compiled API started as `pnpm start` starts it (with --import telemetry.js).
// OpenTelemetry, for real: the OTEL_* variables point at a collector in this test that
// takes OTLP over HTTP/JSON. A request that carries a W3C traceparent must arrive as a
// span of that trace; a health check must not; without OTEL_* nothing is exported. And
// its request logs on stdout, written asynchronously: none lost when it stops.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNodeServer, type NodeServer } from '@pixy/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeAuthority, type FakeAuthority } from '../test-support/fake-authority.js';
import { TokenBuilder } from '../test-support/token-builder.js';
import { testClientIds } from '../test-support/test-api.js';
import { tracesWanted } from './telemetry.js';

const build = join(import.meta.dirname, '..', 'node_modules', '.cache', 'pixy-telemetry-test');
let authority: FakeAuthority;
let collector: Server;
let collectorUrl: string;
let work: string;
const spans: Array<{ traceId: string; name: string; attributes: Record<string, unknown> }> = [];

beforeAll(async () => {
  // The API compiled as `pnpm build` compiles it, inside the package so that its imports resolve.
  const swc = spawnSync(
    process.execPath,
    [
      join(import.meta.dirname, '..', 'node_modules', '@swc', 'cli', 'bin', 'swc.js'),
      join(import.meta.dirname),
      '-d',
      build,
      '--strip-leading-paths',
      '--quiet',
      '--ignore',
      '**/*.test.ts',
    ],
    { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' },
  );
  if (swc.status !== 0) throw new Error(`swc failed: ${swc.stderr}`);
  writeFileSync(join(build, 'package.json'), JSON.stringify({ type: 'module' }));
  authority = await startFakeAuthority();
  work = mkdtempSync(join(tmpdir(), 'pixy-telemetry-'));
  writeFileSync(join(work, 'ca.pem'), authority.caPem);
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') collect(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => collector?.close(resolve));
  await authority?.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
});

/** OTLP/JSON: resourceSpans[].scopeSpans[].spans[] with hex ids and key/value attributes. */
function collect(body: unknown): void {
  const { resourceSpans = [] } = body as {
    resourceSpans?: Array<{
      scopeSpans?: Array<{
        spans?: Array<{
          traceId: string;
          name: string;
          attributes?: Array<{ key: string; value: Record<string, unknown> }>;
        }>;
      }>;
    }>;
  };
  for (const resource of resourceSpans) {
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        const attributes = Object.fromEntries(
          (span.attributes ?? []).map(({ key, value }) => [key, Object.values(value)[0]]),
        );
        spans.push({ traceId: span.traceId, name: span.name, attributes });
      }
    }
  }
}

/** The compiled API as `pnpm start` starts it, configured by its environment only. */
function startCompiledApi(env: Record<string, string>): Promise<NodeServer> {
  return startNodeServer({
    args: ['--import', join(build, 'telemetry.js'), join(build, 'main.js')],
    env: {
      NODE_EXTRA_CA_CERTS: join(work, 'ca.pem'),
      AUTH_TENANT_ID: authority.tenantId,
      AUTH_AUTHORITY: authority.authority,
      DATABASE_URL: 'memory://',
      ...env,
    },
    readyPath: '/health',
  });
}

describe('OpenTelemetry traces', { timeout: 90_000 }, () => {
  it('are wanted only when OTEL_* names an endpoint or an exporter other than none', () => {
    expect(tracesWanted({})).toBe(false);
    expect(tracesWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesWanted({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracesWanted({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'x' })).toBe(
      false,
    );
    expect(tracesWanted({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });

  it('continue the caller’s trace for API requests, and leave health checks out', async () => {
    const api = await startCompiledApi({
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'pixy-api-test',
    });
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    try {
      const tokens = new TokenBuilder(authority, testClientIds);
      const response = await fetch(`${api.url}/api/me`, {
        headers: {
          authorization: `Bearer ${tokens.accessToken()}`,
          traceparent: `00-${traceId}-b7ad6b7169203331-01`,
        },
      });
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(spans.some((span) => span.traceId === traceId)).toBe(true), {
        timeout: 15_000,
        interval: 100,
      });
    } finally {
      await api.stop();
    }
    const ours = spans.filter((span) => span.traceId === traceId);
    // The server span of the request, in the caller's trace (semantic conventions 1.2x).
    expect(ours.map((span) => span.attributes['url.path'])).toContain('/api/me');
    // The health checks this test polled while the API started were not traced.
    const paths = spans.map((span) => span.attributes['url.path']);
    expect(paths.filter((path) => typeof path === 'string' && path.startsWith('/health'))).toEqual(
      [],
    );
  });

  it('are not exported at all without OTEL_* variables', async () => {
    const api = await startCompiledApi({});
    const traceId = '1bf7651916cd43dd8448eb211c80319d';
    try {
      const response = await fetch(`${api.url}/api/me`, {
        headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      });
      expect(response.status).toBe(401);
    } finally {
      await api.stop(); // an SDK would flush its spans before the process exits
    }
    expect(spans.filter((span) => span.traceId === traceId)).toEqual([]);
  });
});

describe('request logs on stdout', { timeout: 90_000 }, () => {
  it('are JSON lines, the last ones written even when the API stops right after them', async () => {
    const api = await startCompiledApi({});
    const traceId = '2cf7651916cd43dd8448eb211c80319e';
    const paths = ['/api/me', '/health', '/api/tasks?secret=query'];
    for (const path of paths) {
      await fetch(`${api.url}${path}`, {
        headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      });
    }
    await api.stop(); // SIGTERM at once: pino writes what is still pending as the process exits
    const requests = api
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'request' && line.traceId === traceId);
    expect(requests.map(({ path, status }) => ({ path, status }))).toEqual([
      { path: '/api/me', status: 401 },
      { path: '/health', status: 200 },
      { path: '/api/tasks', status: 401 },
    ]);
    expect(api.stdout()).not.toContain('secret=query');
  });
});
