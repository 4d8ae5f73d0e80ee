// GET /api/me/profile against the real emulator: on-behalf-of with the API's secret, the
// emulated Microsoft Graph, consent, the token cache, failures of the authority and of
// Graph, and continuous access evaluation relayed as a claims challenge.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openTasksStore, type TasksStore } from '../tasks/tasks-store.js';
import { startPixyEmulator, type PixyEmulator } from '@pixy/test-support';
import { startTestApi, type TestApi } from '../../test-support/test-api.js';
import type { FakeAuthority } from '../../test-support/fake-authority.js';

let local: PixyEmulator;
let store: TasksStore;
let api: TestApi;

/** startTestApi wants an authority; this one is the emulator. */
const asAuthority = (emulator: PixyEmulator) =>
  ({
    tenantId: emulator.emulator.tenantId,
    authority: emulator.emulator.authority,
    agent: emulator.agent,
  }) as unknown as FakeAuthority;

async function startApi(env: Record<string, string> = {}): Promise<TestApi> {
  return startTestApi(asAuthority(local), store, { env: { ...local.env, ...env } });
}

beforeAll(async () => {
  [local, store] = await Promise.all([startPixyEmulator(), openTasksStore('memory://')]);
  api = await startApi();
});

afterAll(async () => {
  await api?.close();
  await store?.close();
  await local?.close();
});

async function profile(token: string, on: TestApi = api) {
  const response = await on.call('/api/me/profile', { token });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, body, challenge: response.headers.get('www-authenticate') };
}

describe('GET /api/me/profile', () => {
  it('returns the signed-in user’s Graph profile, read on their behalf', async () => {
    const result = await profile(await local.token('alice'));
    expect(result).toMatchObject({
      status: 200,
      body: {
        displayName: 'Alice Adams',
        mail: 'alice@pixy.test',
        jobTitle: 'Engineer',
        officeLocation: 'Pixy HQ, Room 1',
      },
    });
  });

  it('answers 403 consent_required, naming Graph’s permission, without consent', async () => {
    const result = await profile(await local.token('riley'));
    expect(result.status).toBe(403);
    expect(result.body).toMatchObject({
      code: 'consent_required',
      consentScopes: ['https://graph.microsoft.com/User.Read'],
    });
    expect(String(result.body.detail)).toMatch(/User\.Read.*consent/);
  });

  it('reuses the Graph token for the same caller token, and asks again for a new one', async () => {
    const [token, another] = [await local.token('bob'), await local.token('bob')];
    expect((await profile(token)).status).toBe(200);
    // Every token request fails from now on: only a cached Graph token can still answer.
    await local.emulator.devControls.failTokenRequests(5);
    try {
      expect((await profile(token)).status).toBe(200);
      expect((await profile(another)).status).toBe(503);
    } finally {
      await local.emulator.devControls.failTokenRequests(0);
    }
  });

  it('answers 503 authority_unavailable when the authority fails the on-behalf-of request', async () => {
    const token = await local.token('ada');
    await local.emulator.devControls.failTokenRequests(5);
    try {
      const result = await profile(token);
      expect(result.status).toBe(503);
      expect(result.body.code).toBe('authority_unavailable');
    } finally {
      await local.emulator.devControls.failTokenRequests(0);
    }
  });

  it('answers 502 graph_unavailable when Graph cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const noGraph = await startApi({ GRAPH_URL: `https://127.0.0.1:${closedPort}/v1.0` });
    try {
      const result = await profile(await local.token('alice'), noGraph);
      expect(result).toMatchObject({ status: 502, body: { code: 'graph_unavailable' } });
    } finally {
      await noGraph.close();
    }
  });

  it('answers 503 when the authority refuses the API’s own credential', async () => {
    const wrongSecret = await startApi({ API_CLIENT_SECRET: 'not-the-secret' });
    try {
      const result = await profile(await local.token('alice'), wrongSecret);
      expect(result).toMatchObject({ status: 503, body: { code: 'authority_unavailable' } });
    } finally {
      await wrongSecret.close();
    }
  });

  it('relays Graph’s continuous access evaluation challenge to a CP1 client, once revoked', async () => {
    const capable = await local.token('alice', { clientCapabilities: ['CP1'] });
    const plain = await local.token('alice');
    expect((await profile(capable)).status).toBe(200);
    // Tokens carry whole seconds: the revocation happens a few seconds later on the
    // emulator's clock, so that every token above is older than it.
    await local.emulator.devControls.shiftClock(3);
    onTestFinished(() => local.emulator.devControls.resetClock().then(() => undefined));
    const { revokedAt } = await local.emulator.devControls.revokeUser('alice');

    const challenged = await profile(capable);
    expect(challenged.status).toBe(401);
    expect(challenged.challenge).toMatch(
      /^Bearer realm="", authorization_uri=".*\/oauth2\/v2.0\/authorize", client_id="[^"]+", error="insufficient_claims", claims="[^"]+"$/,
    );
    const claims = JSON.parse(String(challenged.body.claims)) as {
      access_token: { nbf: { essential: boolean; value: string } };
    };
    expect(claims.access_token.nbf).toMatchObject({ essential: true });
    expect(Number(claims.access_token.nbf.value)).toBeGreaterThanOrEqual(revokedAt);
    expect(
      Buffer.from(/claims="([^"]+)"/.exec(challenged.challenge!)![1]!, 'base64').toString(),
    ).toBe(challenged.body.claims);

    const refused = await profile(plain);
    expect(refused).toMatchObject({ status: 403, body: { code: 'claims_challenge_unsupported' } });

    // After a new sign-in (a token issued after the revocation), Graph answers again.
    await local.emulator.devControls.shiftClock(2);
    const afterSignIn = await local.token('alice', { clientCapabilities: ['CP1'] });
    expect((await profile(afterSignIn)).status).toBe(200);
  });
});
