// The authority's signing keys over time, through the real API and a fake authority over
// HTTPS: IdentityModel's ConfigurationManager rules (authority-configuration.ts), with a
// clock the tests move on instead of waiting.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTasksStore, type TasksStore } from '../tasks/tasks-store.js';
import {
  makeSigningKey,
  startFakeAuthority,
  type FakeAuthority,
} from '../../test-support/fake-authority.js';
import {
  startTestApi,
  testClientIds,
  TestClock,
  type TestApi,
} from '../../test-support/test-api.js';
import { TokenBuilder } from '../../test-support/token-builder.js';
import {
  defaultAuthorityMetadataTiming as timing,
  type AuthorityMetadataTiming,
} from './auth-options.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

let store: TasksStore;
beforeAll(async () => {
  store = await openTasksStore('memory://');
});
afterAll(async () => {
  await store?.close();
});

interface Setup {
  authority: FakeAuthority;
  api: TestApi;
  clock: TestClock;
  tokens: TokenBuilder;
}
const running: Setup[] = [];
afterEach(async () => {
  for (const { api, authority } of running.splice(0)) {
    await api.close();
    await authority.close();
  }
});

/** An API with the default key timings (one fetch attempt per look, to keep tests quick). */
async function setUp(changes: Partial<AuthorityMetadataTiming> = {}): Promise<Setup> {
  const authority = await startFakeAuthority();
  const clock = new TestClock();
  const api = await startTestApi(authority, store, {
    auth: { clock: clock.now, authorityMetadata: { ...timing, retryDelaysMs: [], ...changes } },
  });
  const setup = { authority, api, clock, tokens: new TokenBuilder(authority, testClientIds) };
  running.push(setup);
  return setup;
}

/** A token that outlives the clock moves below (the verified-token cache drops it at exp). */
const longLived = () => ({ exp: Math.floor(Date.now() / 1000) + 4 * 3600 });

async function status(api: TestApi, token: string): Promise<number> {
  return (await api.call('/api/me', { token })).status;
}

async function problem(api: TestApi, token: string) {
  const response = await api.call('/api/me', { token });
  const body = (await response.json()) as { code: string };
  return {
    status: response.status,
    code: body.code,
    retryAfter: response.headers.get('retry-after'),
  };
}

/** Tokens naming kids the authority never published, with junk signatures. */
async function randomKidTokens(tokens: TokenBuilder, count: number): Promise<string[]> {
  const junk = await makeSigningKey();
  return Array.from({ length: count }, () =>
    tokens.accessToken({ key: { ...junk, kid: `junk-${randomUUID()}` } }),
  );
}

describe('signing keys', () => {
  it('answers tokens signed with a known kid from memory: no fetch, however many tokens', async () => {
    const { api, authority, tokens } = await setUp();
    expect(await status(api, tokens.accessToken())).toBe(200);
    expect(authority.jwksFetches()).toBe(1);
    const distinct = Array.from({ length: 25 }, () => tokens.accessToken());
    const statuses = await Promise.all(distinct.map((token) => status(api, token)));
    expect(statuses.every((value) => value === 200)).toBe(true);
    expect(authority.jwksFetches()).toBe(1);
  });

  it('lets a random-kid flood neither block known kids nor delay a new key past one cooldown', async () => {
    const { api, authority, clock, tokens } = await setUp();
    expect(await status(api, tokens.accessToken())).toBe(200);
    expect(authority.jwksFetches()).toBe(1);

    // A flood after the cooldown: 50 concurrent unknown kids cause exactly one fetch.
    clock.advance(timing.refreshCooldownMs);
    const flood = await Promise.all(
      (await randomKidTokens(tokens, 50)).map((t) => problem(api, t)),
    );
    expect(new Set(flood.map(({ code }) => code))).toEqual(new Set(['unknown_signing_key']));
    expect(authority.jwksFetches()).toBe(2);

    // The authority publishes a new key just after the flood's fetch: within the cooldown it
    // is not fetched again (more junk changes nothing), and known kids are never held up.
    const newKey = await authority.rotate();
    expect(await status(api, tokens.accessToken({ key: newKey }))).toBe(401);
    await Promise.all((await randomKidTokens(tokens, 50)).map((t) => status(api, t)));
    expect(authority.jwksFetches()).toBe(2);
    const [oldKey] = authority.published.slice(-1);
    expect(await status(api, tokens.accessToken({ key: oldKey! }))).toBe(200);

    // One cooldown later the new key works, even amid another flood: one more fetch.
    clock.advance(timing.refreshCooldownMs);
    const [newKeyStatus] = await Promise.all([
      status(api, tokens.accessToken({ key: newKey })),
      ...(await randomKidTokens(tokens, 50)).map((t) => status(api, t)),
    ]);
    expect(newKeyStatus).toBe(200);
    expect(authority.jwksFetches()).toBe(3);
  });

  it('accepts a rotated-in key at once, without a restart, and the old key’s tokens too', async () => {
    const { api, authority, tokens } = await setUp();
    const before = tokens.accessToken();
    expect(await status(api, before)).toBe(200);
    // The fetch that loaded the key set does not hold back the first look for a new kid.
    await authority.rotate();
    expect(await status(api, tokens.accessToken())).toBe(200);
    expect(authority.jwksFetches()).toBe(2);
    expect(await status(api, tokens.accessToken({ key: authority.published[1]! }))).toBe(200);
    // A second new key within the cooldown waits for it.
    const third = await authority.rotate();
    expect(await status(api, tokens.accessToken({ key: third }))).toBe(401);
    expect(authority.jwksFetches()).toBe(2);
  });

  it('stops accepting a withdrawn key at once, even for a token verified before', async () => {
    const { api, authority, clock, tokens } = await setUp();
    const oldKey = authority.activeKey;
    const verifiedBefore = tokens.accessToken();
    expect(await status(api, verifiedBefore)).toBe(200);
    expect(api.auth.verifiedTokens.size).toBe(1);

    const newKey = await authority.rotate();
    authority.published = [newKey];
    clock.advance(timing.refreshCooldownMs);
    // A token with the new kid makes the API fetch the key set, which no longer lists the old key.
    expect(await status(api, tokens.accessToken())).toBe(200);

    expect(await problem(api, verifiedBefore)).toMatchObject({
      status: 401,
      code: 'unknown_signing_key',
    });
    expect(await status(api, tokens.accessToken({ key: oldKey }))).toBe(401);
  });

  it('refreshes the key set on a schedule, so a key withdrawn without notice stops working', async () => {
    const { api, authority, clock, tokens } = await setUp();
    const verifiedBefore = tokens.accessToken({ claims: longLived() });
    expect(await status(api, verifiedBefore)).toBe(200);
    authority.published = [await makeSigningKey()];

    clock.advance(timing.automaticRefreshMs);
    // The request that finds the set due is answered from it; the refresh runs beside it.
    await status(api, verifiedBefore);
    await vi.waitFor(() => expect(authority.jwksFetches()).toBe(2));
    expect(await problem(api, verifiedBefore)).toMatchObject({
      status: 401,
      code: 'unknown_signing_key',
    });
  });

  it('serves the last good keys for an hour while the JWKS is down, then answers 503', async () => {
    const { api, authority, clock, tokens } = await setUp();
    const verifiedBefore = tokens.accessToken({ claims: longLived() });
    expect(await status(api, verifiedBefore)).toBe(200);

    authority.jwksDown = true;
    clock.advance(timing.automaticRefreshMs);
    expect(await status(api, tokens.accessToken({ claims: longLived() }))).toBe(200);
    await vi.waitFor(() => expect(authority.jwksFetches()).toBe(2)); // the refresh failed

    clock.advance(timing.lastKnownGoodMs - minute);
    expect(await status(api, tokens.accessToken({ claims: longLived() }))).toBe(200);
    expect(await status(api, verifiedBefore)).toBe(200);

    clock.advance(2 * minute); // past the last good set's hour
    for (const token of [verifiedBefore, tokens.accessToken({ claims: longLived() })]) {
      expect(await problem(api, token)).toEqual({
        status: 503,
        code: 'authority_unavailable',
        retryAfter: '5',
      });
    }

    authority.jwksDown = false;
    clock.advance(timing.failureBackoffMs);
    expect(await status(api, verifiedBefore)).toBe(200);
  });

  it('answers 503, not 401, for a kid it cannot look up while the JWKS is down', async () => {
    const { api, authority, clock, tokens } = await setUp();
    expect(await status(api, tokens.accessToken())).toBe(200);
    authority.jwksDown = true;
    clock.advance(timing.refreshCooldownMs);
    const [unknown] = await randomKidTokens(tokens, 1);
    expect(await problem(api, unknown!)).toMatchObject({
      status: 503,
      code: 'authority_unavailable',
    });
    // Within the cooldown it does not ask again, and still says "try again later".
    expect(await problem(api, unknown!)).toMatchObject({ status: 503 });
    expect(await status(api, tokens.accessToken())).toBe(200);
  });

  it('starts while the authority is down; tokens are checked once it is up', async () => {
    const authority = await startFakeAuthority();
    authority.down = true;
    const clock = new TestClock();
    const api = await startTestApi(authority, store, {
      auth: { clock: clock.now, authorityMetadata: { ...timing, retryDelaysMs: [] } },
    });
    running.push({ authority, api, clock, tokens: new TokenBuilder(authority, testClientIds) });
    const token = new TokenBuilder(authority, testClientIds).accessToken();
    expect((await api.call('/health')).status).toBe(200);
    expect(await problem(api, token)).toMatchObject({ status: 503, code: 'authority_unavailable' });
    authority.down = false;
    // Within the failure back-off it does not ask again; after it, it does.
    expect(await status(api, token)).toBe(503);
    clock.advance(timing.failureBackoffMs);
    expect(await status(api, token)).toBe(200);
  });
});

describe('the discovery document', () => {
  it('is refused when its issuer names another tenant: no token validates against it', async () => {
    const { api, authority, tokens } = await setUp();
    const other = randomUUID();
    authority.discoveryChanges = { issuer: authority.issuerOf(other) };
    // Even a token that matches the served issuer is refused: the document is not trusted.
    const token = tokens.accessToken({ tenant: other, claims: { tid: authority.tenantId } });
    expect(await problem(api, token)).toMatchObject({ status: 503, code: 'authority_unavailable' });
    expect(await status(api, tokens.accessToken())).toBe(503);
  });

  it('is refused when its jwks_uri is on another host: those keys are never fetched', async () => {
    const { api, authority, tokens } = await setUp();
    const attacker = await makeSigningKey();
    authority.attackerKeys = [attacker];
    // The same server under another host name: the API must not follow it.
    authority.discoveryChanges = {
      jwks_uri: authority.attackerJwksUrl.replace('127.0.0.1', 'localhost'),
    };
    expect(await problem(api, tokens.accessToken({ key: attacker }))).toMatchObject({
      status: 503,
      code: 'authority_unavailable',
    });
    expect(authority.hits.get('/attacker/keys') ?? 0).toBe(0);
  });
});

describe('timings', () => {
  it('follow IdentityModel: an hour of last good keys, a cooldown of at most 30 s', () => {
    expect(timing.lastKnownGoodMs).toBe(hour);
    expect(timing.refreshCooldownMs).toBeLessThanOrEqual(30 * second);
    expect(timing.automaticRefreshMs).toBeLessThanOrEqual(12 * hour);
  });
});
