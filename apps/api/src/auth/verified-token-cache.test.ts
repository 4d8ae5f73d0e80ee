import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verified-token-cache.js';

describe('VerifiedTokenCache', () => {
  it('returns what was stored for the same token until exp', () => {
    let now = 1_000;
    const cache = new VerifiedTokenCache<string>(10, () => now);
    cache.set('token-a', 'alice', 2_000);
    expect(cache.get('token-a')).toBe('alice');
    expect(cache.get('token-b')).toBeUndefined();
    now = 2_000;
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never stores a token that has already expired', () => {
    const cache = new VerifiedTokenCache<string>(10, () => 5_000);
    cache.set('old', 'alice', 5_000);
    expect(cache.size).toBe(0);
  });

  it('stays bounded, evicting the least recently used token', () => {
    const cache = new VerifiedTokenCache<number>(3, () => 0);
    for (let i = 0; i < 3; i++) cache.set(`t${i}`, i, 10);
    expect(cache.get('t0')).toBe(0); // t0 is now the most recent
    for (let i = 3; i < 1_000; i++) cache.set(`t${i}`, i, 10);
    expect(cache.size).toBe(3);
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t999')).toBe(999);
  });

  it('keeps a token in steady use while thousands of others come and go', () => {
    const cache = new VerifiedTokenCache<string>(100, () => 0);
    cache.set('hot', 'alice', 10);
    for (let i = 0; i < 5_000; i++) {
      cache.set(`cold-${i}`, 'someone', 10);
      expect(cache.get('hot')).toBe('alice');
    }
    expect(cache.size).toBe(100);
  });

  it('forgets everything on clear (the key set changed)', () => {
    const cache = new VerifiedTokenCache<string>(10, () => 0);
    cache.set('token', 'alice', 10);
    cache.clear();
    expect(cache.get('token')).toBeUndefined();
  });

  it('is off with a size of 0', () => {
    const cache = new VerifiedTokenCache<string>(0, () => 0);
    cache.set('token', 'alice', 10);
    expect(cache.get('token')).toBeUndefined();
  });
});

describe('VerifiedTokenCache lookups', () => {
  it('answer only for the exact token, even when another shares its signature', () => {
    const cache = new VerifiedTokenCache<string>(10, () => 0);
    const signature = 's'.repeat(342);
    cache.set(`header.payload-alice.${signature}`, 'alice', 10);
    expect(cache.get(`header.payload-alice.${signature}`)).toBe('alice');
    expect(cache.get(`header.payload-mallory.${signature}`)).toBeUndefined();
  });
});
