// `pnpm --filter @pixy/api bench`: throughput and latency of the API's token validation,
// next to Express + express-oauth2-jwt-bearer doing the same checks.
//
// An in-process fake authority (the integration tests' one: keys made now, discovery and JWKS
// over https with a test CA) signs the tokens. The API runs compiled, as `pnpm start` runs
// it (configured by its environment, request logs on and discarded), and the Express
// server runs next to it; both on other cores than this process, the load generator
// (autocannon). The runs are interleaved and repeated, and the medians reported, so that
// whatever else the machine is doing hits every configuration alike; each run also reports
// requests per CPU-second of the server process (from /proc), the figure least disturbed
// by other work on a shared machine:
//   - GET /health (no token): the ceiling
//   - GET /api/me with one token repeated: goal ≥ 85 % of /health
//   - GET /api/me with a different token on every request, from a pool larger than the
//     API's verified-token cache (so every request is a full verification), with the API's
//     RSS after each run: memory must stay flat however many distinct tokens arrive
//   - the same distinct-token run against Express: goal, the API answers ≥ 2× as many
// Tunables: BENCH_DURATION (seconds per run, default 4), BENCH_REPEAT (default 5),
// BENCH_CONNECTIONS (default 20), BENCH_TOKENS (distinct tokens, default 30000).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDefaults } from '@pixy/config';
import { defaultVerifiedTokenCacheSize } from '../src/auth/auth-options.js';
import { createTestPgliteDirectory } from '../test-support/pglite-test-directory.js';
import { startFakeAuthority } from '../test-support/fake-authority.js';
import { testUsers } from '@pixy/test-support';
import { TokenBuilder } from '../test-support/token-builder.js';
import { runLoad, type LoadResult } from './load.js';
import { freePort, planCores, startServer, type Server } from './processes.js';

/** A run, plus how many requests the server answered per second of its own CPU time. */
interface Measured extends LoadResult {
  perCpuSecond: number | undefined;
}

const durationSeconds = positiveNumber('BENCH_DURATION', 4);
const repeat = positiveNumber('BENCH_REPEAT', 5);
const connections = positiveNumber('BENCH_CONNECTIONS', 20);
const tokenCount = positiveNumber('BENCH_TOKENS', 30_000);
const warmupSeconds = 3;
const header = 'Medians                                        req/s     p50     p99  req/CPU-s';

const here = dirname(fileURLToPath(import.meta.url));
const cores = planCores();

// Pin this process (the load generator) before it does anything: re-run it under taskset.
if (cores.loadGenerator && process.env.PIXY_BENCH_CORES === undefined) {
  const result = spawnSync(
    'taskset',
    ['-c', cores.loadGenerator, process.execPath, fileURLToPath(import.meta.url)],
    { stdio: 'inherit', env: { ...process.env, PIXY_BENCH_CORES: JSON.stringify(cores) } },
  );
  process.exit(result.status ?? 1);
}

await main();

async function main(): Promise<void> {
  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}; ${cores.description}`,
  );
  console.log(
    `${repeat} rounds of ${durationSeconds} s runs, ${connections} connections, after a ${warmupSeconds} s warm-up\n`,
  );
  const cacheSize = defaultVerifiedTokenCacheSize;
  if (tokenCount <= cacheSize) {
    console.log(
      `Note: BENCH_TOKENS=${tokenCount} fits in the API's ${cacheSize}-entry verified-token cache, ` +
        'so the "distinct tokens" runs will partly measure cache hits.\n',
    );
  }

  const tenant = await startFakeAuthority();
  const work = mkdtempSync(join(tmpdir(), 'pixy-bench-'));
  const database = await createTestPgliteDirectory();
  const servers: Server[] = [];
  try {
    const caFile = join(work, 'tenant-ca.pem');
    writeFileSync(caFile, tenant.caPem);
    const apiClientId = localDefaults.API_CLIENT_ID;
    const builder = new TokenBuilder(tenant, {
      apiClientId,
      spaClientId: localDefaults.SPA_CLIENT_ID,
      daemonClientId: localDefaults.DAEMON_CLIENT_ID,
    });

    const signing = performance.now();
    const repeated = builder.accessToken({ user: testUsers.alice });
    const pool = distinctTokens(builder, tokenCount);
    console.log(
      `Signed ${tokenCount} tokens of as many users in ${((performance.now() - signing) / 1000).toFixed(1)} s\n`,
    );
    // Each server walks the pool from its own cursor, so a token comes back only after
    // `tokenCount` others: long evicted from a cache of `cacheSize` < `tokenCount`.
    const cursor = (start = 0) => {
      let next = start;
      return () => pool[next++ % pool.length]!;
    };
    const apiTokens = cursor();
    const expressTokens = cursor();
    const sameToken = () => repeated;

    const baseEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NODE_EXTRA_CA_CERTS: caFile,
    };
    const apiPort = await freePort();
    const api = await startServer({
      name: 'API',
      args: [join(here, '..', 'src', 'main.js')],
      port: apiPort,
      cores: cores.server,
      env: {
        ...baseEnv,
        AUTH_TENANT_ID: tenant.tenantId,
        AUTH_AUTHORITY: tenant.authority,
        API_CLIENT_ID: apiClientId,
        PORT: String(apiPort),
        DATABASE_URL: database.path,
        // One client sends everything here: the per-IP limit would cut the runs short.
        RATE_LIMIT_PER_MINUTE: '0',
      },
    });
    servers.push(api);
    const expressPort = await freePort();
    const express = await startServer({
      name: 'Express',
      args: [join(here, 'express-comparison-server.js')],
      port: expressPort,
      cores: cores.server,
      env: {
        ...baseEnv,
        BENCH_AUTHORITY: tenant.authority,
        BENCH_TENANT_ID: tenant.tenantId,
        BENCH_API_CLIENT_ID: apiClientId,
        BENCH_ALLOWED_CLIENT_IDS: [
          localDefaults.SPA_CLIENT_ID,
          localDefaults.OPENAPI_CLIENT_ID,
          localDefaults.DAEMON_CLIENT_ID,
        ].join(','),
        PORT: String(expressPort),
      },
    });
    servers.push(express);

    await load(api, 'warm-up', '/api/me', warmupSeconds, sameToken);
    await load(express, 'warm-up', '/api/me', warmupSeconds, sameToken);
    // Every token below is signed with a kid both servers know by now: none may cause a fetch.
    const jwksFetchesBefore = tenant.jwksFetches();
    const rss: string[] = [`${api.rssMb()} MB after warm-up`];
    let distinctServed = 0;

    const runs = {
      apiHealth: [] as Measured[],
      apiOneToken: [] as Measured[],
      apiDistinct: [] as Measured[],
      expressHealth: [] as Measured[],
      expressDistinct: [] as Measured[],
    };
    for (let round = 1; round <= repeat; round++) {
      console.log(
        `Round ${round} of ${repeat}${header.slice(`Round ${round} of ${repeat}`.length)}`,
      );
      runs.apiHealth.push(await load(api, 'GET /health', '/health', durationSeconds));
      runs.expressHealth.push(await load(express, 'GET /health', '/health', durationSeconds));
      runs.apiOneToken.push(
        await load(api, 'GET /api/me, one token', '/api/me', durationSeconds, sameToken),
      );
      const distinct = await load(
        api,
        'GET /api/me, distinct tokens',
        '/api/me',
        durationSeconds,
        apiTokens,
      );
      runs.apiDistinct.push(distinct);
      distinctServed += distinct.requests;
      rss.push(`${api.rssMb()} MB after ${distinctServed} requests with distinct tokens`);
      runs.expressDistinct.push(
        await load(
          express,
          'GET /api/me, distinct tokens',
          '/api/me',
          durationSeconds,
          expressTokens,
        ),
      );
    }

    const health = median(runs.apiHealth);
    const oneToken = median(runs.apiOneToken);
    const distinct = median(runs.apiDistinct);
    const expressDistinct = median(runs.expressDistinct);
    console.log(`\nMedians of ${repeat} runs${header.slice(`Medians of ${repeat} runs`.length)}`);
    row('API      GET /health', health);
    row('API      GET /api/me, one token', oneToken);
    row('API      GET /api/me, distinct tokens', distinct);
    row('Express  GET /health', median(runs.expressHealth));
    row('Express  GET /api/me, distinct tokens', expressDistinct);
    console.log(
      `\nJWKS fetches during the measured runs (both servers, known kids only; goal 0): ` +
        `${tenant.jwksFetches() - jwksFetchesBefore}`,
    );
    console.log(`API memory (RSS): ${rss.join('; ')}`);
    console.log(`Express memory (RSS) at the end: ${express.rssMb()} MB`);
    const ratio = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? 'n/a' : `${Math.round((100 * a) / b)} %`;
    console.log('\nGoals                                                   req/s   req/CPU-s');
    console.log(
      `  /api/me with one token vs /health (goal ≥ 85 %)      ${ratio(oneToken.requestsPerSecond, health.requestsPerSecond).padStart(7)}   ${ratio(oneToken.perCpuSecond, health.perCpuSecond).padStart(9)}`,
    );
    console.log(
      `  distinct tokens, API vs Express (goal ≥ 200 %)       ${ratio(distinct.requestsPerSecond, expressDistinct.requestsPerSecond).padStart(7)}   ${ratio(distinct.perCpuSecond, expressDistinct.perCpuSecond).padStart(9)}`,
    );
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await tenant.close();
    await database.remove();
    rmSync(work, { recursive: true, force: true });
  }
}

async function load(
  server: Server,
  what: string,
  path: string,
  seconds: number,
  token?: () => string,
): Promise<Measured> {
  const label = `${server.name.padEnd(8)} ${what}`;
  const cpuBefore = server.cpuSeconds();
  const result = await runLoad({
    label,
    url: server.url,
    path,
    durationSeconds: seconds,
    connections,
    ...(token ? { token } : {}),
  });
  const cpuAfter = server.cpuSeconds();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? 0 : cpuAfter - cpuBefore;
  const measured = {
    ...result,
    perCpuSecond: cpu > 0 ? Math.round(result.requests / cpu) : undefined,
  };
  if (what !== 'warm-up') row(`  ${label}`, measured);
  return measured;
}

function row(label: string, result: Measured): void {
  console.log(
    `${label.padEnd(46)} ${String(result.requestsPerSecond).padStart(7)}  ${`${result.p50Ms} ms`.padStart(6)}  ${`${result.p99Ms} ms`.padStart(6)}  ${String(result.perCpuSecond ?? 'n/a').padStart(9)}`,
  );
}

/** The run with the median throughput (its latencies and CPU figure come with it). */
function median(results: Measured[]): Measured {
  const sorted = [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)]!;
  const perCpu = results
    .map((result) => result.perCpuSecond)
    .filter((value): value is number => value !== undefined)
    .sort((a, b) => a - b);
  // CPU efficiency is the steadier figure on a busy machine: its own median.
  return { ...middle, perCpuSecond: perCpu[Math.floor(perCpu.length / 2)] };
}

/** One token per user (distinct `oid`), each unique. */
function distinctTokens(builder: TokenBuilder, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const suffix = i.toString(16).padStart(12, '0');
    return builder.accessToken({
      user: {
        oid: `00000000-0000-4000-8000-${suffix}`,
        displayName: `Bench User ${i}`,
        username: `bench-${i}@pixy.test`,
      },
    });
  });
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}
