// Tokens that passed every check, remembered so a client sending the same token again is
// not verified again: a bounded LRU keyed by the whole token string, each entry dropped
// at the token's `exp`, and emptied whenever the authority's key set changes (a removed
// key must stop vouching for the tokens it signed). Memory stays flat: at most
// `maxEntries` tokens, however many distinct tokens arrive.

export class VerifiedTokenCache<T> {
  // Looked up by the last characters of the token (its signature): hashing the whole
  // 1–3 KB token on every request was the most expensive part of a hit. An entry only
  // answers for the exact token it was stored for. A Map iterates in insertion order:
  // the first key is the least recently used.
  private readonly entries = new Map<string, { token: string; value: T; expiresAtMs: number }>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): T | undefined {
    const key = lookupKey(token);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    this.entries.delete(key);
    if (entry.expiresAtMs <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Remembers a verified token until `expiresAtMs` (the token's exp, in milliseconds). */
  set(token: string, value: T, expiresAtMs: number): void {
    if (this.maxEntries <= 0 || expiresAtMs <= this.now()) return;
    const key = lookupKey(token);
    this.entries.delete(key);
    this.entries.set(key, { token, value, expiresAtMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The last 43 characters: 256 bits of the signature, as unique as the token itself for
 * tokens the authority signed. Two tokens sharing them only take turns in the cache.
 */
function lookupKey(token: string): string {
  return token.length > 43 ? token.slice(-43) : token;
}
