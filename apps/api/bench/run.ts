// `pnpm --filter @pixy/api bench`: throughput and latency of the API's token validation.
// An in-process fake tenant (the integration tests' one: keys made now, discovery and
// JWKS over https with a test CA) signs the tokens; the API runs compiled, as
// `pnpm start` runs it (request logs on, discarded), in its own process on another core
// than this one (the load generator, autocannon). Runs:
//   1. GET /health (no token)                      — the ceiling
//   2. GET /api/me, one token repeated              — goal: ≥ 85 % of /health
//   3. GET /api/me, a new token on every request    — two rounds of fresh tokens, RSS after
//      each: memory must stay flat however many distinct tokens arrive
//   4. the same distinct-token run against Express + express-oauth2-jwt-bearer doing the
//      same checks — goal: the API is faster
// Tunables: BENCH_DURATION (seconds per run, default 10), BENCH_CONNECTIONS (default 20),
// BENCH_TOKENS (distinct tokens per round, default 20000: more than the API's
// 10,000-entry verified-token cache, so a token is never verified twice).
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDefaults } from '@pixy/config';
import { defaultValidationTuning } from '../src/auth/token-validation-options.js';
import { createTestPgliteDirectory } from '../src/storage/pglite-test-directory.js';
import { startFakeTenant, type FakeTenant } from '../src/test-support/fake-tenant.js';
import { TokenBuilder, testUsers } from '../src/test-support/token-builder.js';
import { runLoad, type LoadResult } from './load.js';
import { freePort, planCores, startServer, type Server } from './processes.js';

const durationSeconds = positiveNumber('BENCH_DURATION', 10);
const connections = positiveNumber('BENCH_CONNECTIONS', 20);
const tokensPerRound = positiveNumber('BENCH_TOKENS', 20_000);
const warmupSeconds = Math.min(3, durationSeconds);

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
    `${durationSeconds} s per run after a ${warmupSeconds} s warm-up, ${connections} connections\n`,
  );

  const cacheSize = defaultValidationTuning.verifiedTokenCacheSize;
  if (tokensPerRound <= cacheSize) {
    console.log(
      `Note: BENCH_TOKENS=${tokensPerRound} fits in the API's ${cacheSize}-entry verified-token cache: ` +
        'once every token has been seen, the "distinct tokens" runs measure cache hits.\n',
    );
  }
  const tenant = await startFakeTenant();
  const work = mkdtempSync(join(tmpdir(), 'pixy-bench-'));
  const database = await createTestPgliteDirectory();
  const servers: Server[] = [];
  try {
    const caFile = join(work, 'tenant-ca.pem');
    writeFileSync(caFile, tenantCaPem(tenant));
    const apiClientId = localDefaults.API_CLIENT_ID;
    const tokens = new TokenBuilder(tenant, {
      apiClientId,
      spaClientId: localDefaults.SPA_CLIENT_ID,
    });

    const started = performance.now();
    const repeated = tokens.accessToken({ user: testUsers.alice });
    const rounds = [
      distinctTokens(tokens, 'a', tokensPerRound),
      distinctTokens(tokens, 'b', tokensPerRound),
    ];
    console.log(
      `Signed ${2 * tokensPerRound} distinct tokens in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );

    const baseEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NODE_EXTRA_CA_CERTS: caFile,
    };

    // The API, compiled, configured through its environment as in production.
    const apiPort = await freePort();
    const api = await startServer({
      name: 'Pixy API (Nest + Fastify)',
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
      },
    });
    servers.push(api);

    const results: LoadResult[] = [];
    const rss: Array<[string, number]> = [];
    await warmUp(api, '/api/me', [repeated]);
    rss.push(['API after warm-up', api.rssMb()]);
    results.push(await measure(api, 'API  GET /health', '/health'));
    results.push(await measure(api, 'API  GET /api/me, one token', '/api/me', [repeated]));
    rss.push(['API before distinct tokens', api.rssMb()]);
    results.push(
      await measure(api, `API  GET /api/me, distinct tokens (round 1)`, '/api/me', rounds[0]),
    );
    rss.push([`API after ${tokensPerRound} distinct tokens`, api.rssMb()]);
    results.push(
      await measure(api, `API  GET /api/me, distinct tokens (round 2)`, '/api/me', rounds[1]),
    );
    rss.push([`API after ${2 * tokensPerRound} distinct tokens`, api.rssMb()]);
    await api.stop();

    const expressPort = await freePort();
    const express = await startServer({
      name: 'Express + express-oauth2-jwt-bearer',
      args: [join(here, 'express-comparison-server.js')],
      port: expressPort,
      cores: cores.server,
      env: {
        ...baseEnv,
        BENCH_AUTHORITY: tenant.authority,
        BENCH_TENANT_ID: tenant.tenantId,
        BENCH_API_CLIENT_ID: apiClientId,
        PORT: String(expressPort),
      },
    });
    servers.push(express);
    await warmUp(express, '/api/me', [repeated]);
    results.push(await measure(express, 'Express GET /health', '/health'));
    results.push(
      await measure(express, 'Express GET /api/me, distinct tokens', '/api/me', rounds[0]),
    );
    rss.push([`Express after ${tokensPerRound} distinct tokens`, express.rssMb()]);
    await express.stop();

    report(results, rss);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await tenant.close();
    await database.remove();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Tokens of as many different users (oid) as requested, each unique. */
function distinctTokens(tokens: TokenBuilder, round: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const suffix = `${round === 'a' ? 'a' : 'b'}${i.toString(16).padStart(11, '0')}`;
    return tokens.accessToken({
      user: {
        oid: `00000000-0000-4000-8000-${suffix}`,
        name: `Bench User ${round}${i}`,
        username: `bench-${round}${i}@pixy.test`,
      },
    });
  });
}

async function warmUp(server: Server, path: string, tokens: readonly string[]): Promise<void> {
  await runLoad({
    label: `${server.name} warm-up`,
    url: server.url,
    path,
    durationSeconds: warmupSeconds,
    connections,
    tokens,
  });
}

async function measure(
  server: Server,
  label: string,
  path: string,
  tokens?: readonly string[],
): Promise<LoadResult> {
  const result = await runLoad({
    label,
    url: server.url,
    path,
    durationSeconds,
    connections,
    ...(tokens ? { tokens } : {}),
  });
  console.log(
    `${label.padEnd(46)} ${String(result.requestsPerSecond).padStart(7)} req/s   p50 ${result.p50Ms} ms   p99 ${result.p99Ms} ms`,
  );
  return result;
}

function report(results: LoadResult[], rss: Array<[string, number]>): void {
  const byLabel = (prefix: string) => results.find((result) => result.label.startsWith(prefix))!;
  const health = byLabel('API  GET /health');
  const oneToken = byLabel('API  GET /api/me, one token');
  const distinct = byLabel('API  GET /api/me, distinct tokens (round 1)');
  const express = byLabel('Express GET /api/me, distinct');
  console.log('\nMemory (RSS)');
  for (const [label, mb] of rss) console.log(`  ${label.padEnd(44)} ${mb} MB`);
  const percent = (a: number, b: number) => `${Math.round((100 * a) / b)} %`;
  console.log('\nGoals');
  console.log(
    `  /api/me with one token at ≥ 85 % of /health: ${percent(oneToken.requestsPerSecond, health.requestsPerSecond)}`,
  );
  console.log(
    `  distinct tokens, API vs Express + express-oauth2-jwt-bearer: ${percent(distinct.requestsPerSecond, express.requestsPerSecond)} of its throughput`,
  );
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** The fake tenant's test CA, for the servers' NODE_EXTRA_CA_CERTS (its agent trusts it). */
function tenantCaPem(tenant: FakeTenant): string {
  const ca = (tenant.agent.options as { ca?: unknown }).ca;
  if (typeof ca !== 'string') throw new Error('The fake tenant no longer exposes its CA as a PEM');
  return ca;
}
