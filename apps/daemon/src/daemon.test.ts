// The daemon against the real emulator and the real (built) API: client credentials with
// its secret, the administrators' listing, the report; and each failure a user meets —
// a wrong secret, a missing application permission, an API that is not there — saying
// what to fix.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scopes } from '@pixy/auth-contract';
import {
  freePort,
  startNodeServer,
  startPixyEmulator,
  testUserOids,
  type NodeServer,
  type PixyEmulator,
} from '@pixy/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDaemonConfig } from './daemon-config.js';
import { DaemonError, runDaemon } from './daemon.js';

const apiFolder = dirname(createRequire(import.meta.url).resolve('@pixy/api/package.json'));

async function startApi(pixy: PixyEmulator): Promise<NodeServer> {
  return startNodeServer({
    args: ['--import', join(apiFolder, 'dist/telemetry.js'), join(apiFolder, 'dist/main.js')],
    env: { ...pixy.env, DATABASE_URL: 'memory://', NODE_EXTRA_CA_CERTS: pixy.caFile },
    readyPath: '/health',
  });
}

let pixy: PixyEmulator;
let api: NodeServer;

beforeAll(async () => {
  pixy = await startPixyEmulator();
  api = await startApi(pixy);
  // Alice: two tasks, one done; Bob: one.
  for (const [user, title, done] of [
    ['alice', 'Water the plants', false],
    ['alice', 'Buy milk', true],
    ['bob', 'Fix the bike', false],
  ] as const) {
    const token = await pixy.token(user, { scopes: [Scopes.TasksReadWrite] });
    const created = await fetch(`${api.url}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    expect(created.status).toBe(201);
    if (done) {
      const { id } = (await created.json()) as { id: string };
      await fetch(`${api.url}/api/tasks/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ done: true }),
      });
    }
  }
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await pixy?.close();
});

async function run(target: PixyEmulator, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const config = readDaemonConfig({ ...target.env, API_URL: api.url, ...env });
  await runDaemon(config, { agent: target.agent, write: (line) => lines.push(line) });
  return lines;
}

async function failure(target: PixyEmulator, env: Record<string, string>): Promise<string> {
  try {
    await run(target, env);
  } catch (error) {
    expect(error).toBeInstanceOf(DaemonError);
    return (error as Error).message;
  }
  throw new Error('expected the daemon to fail');
}

describe('the daemon', () => {
  it('reports every user’s open tasks, with an app-only token', async () => {
    const tenant = pixy.emulator.tenantId;
    expect(await run(pixy)).toEqual([
      '2 open tasks of 3, 2 users:',
      `  ${tenant}/${testUserOids.alice}  1 open of 2`,
      `  ${tenant}/${testUserOids.bob}  1 open of 1`,
    ]);
  });

  it('says the secret is wrong', async () => {
    expect(await failure(pixy, { DAEMON_CLIENT_SECRET: 'not-the-secret' })).toMatch(
      /refused the daemon \(invalid_client, AADSTS7000215\): the secret is wrong.*DAEMON_CLIENT_SECRET/,
    );
  });

  it('says the API is not there, and what to check', async () => {
    const port = await freePort();
    const config = readDaemonConfig({ ...pixy.env, API_URL: `http://127.0.0.1:${port}` });
    await expect(runDaemon(config, { agent: pixy.agent, write: () => {} })).rejects.toThrow(
      /Cannot reach the API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\).*API_URL/,
    );
  });

  it('says the daemon lacks its application permission, and how to grant it', async () => {
    // A tenant where no administrator granted the daemon Tasks.Read.All.
    const ungranted = await startPixyEmulator({
      configure: (config) => ({
        ...config,
        applications: config.applications.map((app) =>
          'applicationPermissions' in app ? { ...app, applicationPermissions: {} } : app,
        ),
      }),
    });
    const otherApi = await startApi(ungranted);
    try {
      const config = readDaemonConfig({ ...ungranted.env, API_URL: otherApi.url });
      await expect(runDaemon(config, { agent: ungranted.agent, write: () => {} })).rejects.toThrow(
        /HTTP 401 \(no_permissions\).*Tasks\.Read\.All.*admin consent/,
      );
    } finally {
      await otherApi.stop();
      await ungranted.close();
    }
  });

  it('refuses to start without its own registration against Entra ID', () => {
    expect(() =>
      readDaemonConfig({
        AUTH_AUTHORITY: 'https://login.microsoftonline.com/aaaaaaaa-2222-4333-8444-555555555555',
        SPA_CLIENT_ID: '10000000-2222-4333-8444-555555555555',
        API_CLIENT_ID: '20000000-2222-4333-8444-555555555555',
        OPENAPI_CLIENT_ID: '30000000-2222-4333-8444-555555555555',
      }),
    ).toThrow(
      /DAEMON_CLIENT_ID is not set.*DAEMON_CLIENT_SECRET \(or DAEMON_CLIENT_CERTIFICATE_PATH\) is not set/s,
    );
  });
});
