// OpenTelemetry, for real: the compiled API started as `pnpm start` starts it (with
// --import telemetry.js), the OTEL_* variables pointing at a collector in this test that
// takes OTLP over HTTP/JSON. A request that carries a W3C traceparent must arrive as a
// span of that trace; a health check must not; without OTEL_* nothing is exported.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

async function startCompiledApi(
  env: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', join(build, 'telemetry.js'), join(build, 'main.js')],
    {
      env: {
        PATH: process.env.PATH,
        NODE_EXTRA_CA_CERTS: join(work, 'ca.pem'),
        AUTH_TENANT_ID: authority.tenantId,
        AUTH_AUTHORITY: authority.authority,
        DATABASE_URL: 'memory://',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  await vi.waitFor(
    async () => {
      if (child.exitCode !== null) {
        throw new Error(`the API exited with ${child.exitCode}: ${stderr}`);
      }
      expect((await fetch(`${url}/health`)).status).toBe(200);
    },
    { timeout: 60_000, interval: 200 },
  );
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
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
