// OpenIdDiscovery against the fake tenant over HTTPS, with a clock the test moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTenant, type FakeTenant } from '../test-support/fake-tenant.js';
import { AuthorityUnavailableError } from './https-json.js';
import {
  OpenIdDiscovery,
  openIdConfigurationUrl,
  type DiscoveryTuning,
} from './openid-discovery.js';

let tenant: FakeTenant;
beforeAll(async () => {
  tenant = await startFakeTenant();
});
afterAll(() => tenant?.close());

const tuning: DiscoveryTuning = {
  refreshAfterMs: 60_000,
  minOnDemandRefreshMs: 10_000,
  failureCooldownMs: 0,
  retryDelaysMs: [1, 1],
  timeoutMs: 2_000,
};

function discovery(overrides: Partial<DiscoveryTuning> = {}) {
  const clock = { now: 1_000_000 };
  const instance = new OpenIdDiscovery(
    tenant.authority,
    { ...tuning, ...overrides },
    tenant.agent,
    () => clock.now,
  );
  const path = new URL(openIdConfigurationUrl(tenant.authority)).pathname;
  tenant.hits.set(path, 0);
  return { instance, clock, fetches: () => tenant.hits.get(path) ?? 0 };
}

describe('OpenIdDiscovery', () => {
  it('fetches nothing until asked, then once for many callers', async () => {
    const { instance, fetches } = discovery();
    expect(fetches()).toBe(0);
    const [first, second] = await Promise.all([instance.get(), instance.get()]);
    expect(first).toEqual({
      issuer: tenant.issuer,
      jwksUri: `${tenant.authority}/discovery/v2.0/keys`,
    });
    expect(second).toBe(first);
    await instance.get();
    expect(fetches()).toBe(1);
  });

  it('retries, then says the authority is unavailable', async () => {
    const { instance, fetches } = discovery();
    tenant.down = true;
    try {
      await expect(instance.get()).rejects.toBeInstanceOf(AuthorityUnavailableError);
      expect(fetches()).toBe(3);
    } finally {
      tenant.down = false;
    }
    await expect(instance.get()).resolves.toMatchObject({ issuer: tenant.issuer });
  });

  it('fails fast during the cool-down after a failure instead of piling up', async () => {
    const { instance, clock, fetches } = discovery({ failureCooldownMs: 1_000 });
    tenant.down = true;
    try {
      await expect(instance.get()).rejects.toThrow();
      await expect(instance.get()).rejects.toThrow();
      expect(fetches()).toBe(3);
    } finally {
      tenant.down = false;
    }
    clock.now += 1_001;
    await expect(instance.get()).resolves.toBeDefined();
  });

  it('serves the cached document and refreshes it in the background once it is old', async () => {
    const { instance, clock, fetches } = discovery();
    const first = await instance.get();
    clock.now += 60_001;
    expect(await instance.get()).toBe(first); // answered from the cache at once
    await instance.refresh(); // joins the background fetch already in flight
    expect(fetches()).toBe(2);
  });

  it('keeps the last good document when a refresh fails', async () => {
    const { instance, clock } = discovery();
    const first = await instance.get();
    tenant.down = true;
    try {
      clock.now += 60_001;
      expect(await instance.get()).toBe(first);
      await expect(instance.refresh()).rejects.toThrow();
      expect(await instance.get()).toEqual(first);
    } finally {
      tenant.down = false;
      await instance.refresh().catch(() => undefined); // let the background fetch finish
    }
  });

  it('rate-limits refreshes asked for by unknown keys', async () => {
    const { instance, clock, fetches } = discovery();
    await instance.get();
    await instance.requestRefresh();
    await instance.requestRefresh();
    expect(fetches()).toBe(2);
    clock.now += 10_001;
    await instance.requestRefresh();
    expect(fetches()).toBe(3);
  });
});
