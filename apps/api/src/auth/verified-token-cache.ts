// Tokens that passed every check, remembered so a client sending the same token again is
// not verified again: a bounded LRU keyed by the whole token string, each entry dropped
// at the token's `exp`. (The guard also answers an entry only while the key that verified
// it is still published.) Memory stays flat: at most `maxEntries` tokens, however many
// distinct tokens arrive.

export class VerifiedTokenCache<T> {
  // Looked up by the last characters of the token (its signature): hashing the whole
  // 1–3 KB token on every request was the most expensive part of a hit. An entry only
  // answers for the exact token it was stored for. A Map iterates in insertion order:
  // the first key is the least recently used.
  private readonly entries = new Map<string, Entry<T>>();
  /** Counts insertions; an entry remembers the count when it was (re)inserted. */
  private sequence = 0;

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): T | undefined {
    const key = lookupKey(token);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    if (entry.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Moving a hit to the most-recent end costs a Map delete + set, which V8 makes ~50x
    // dearer on a full 10,000-entry Map than the lookup itself. So only entries in the
    // older half move: a token in use is still never evicted, at a fraction of the cost.
    if (this.sequence - entry.sequence > this.maxEntries / 2) {
      this.entries.delete(key);
      this.insert(key, entry);
    }
    return entry.value;
  }

  /** Remembers a verified token until `expiresAtMs` (the token's exp, in milliseconds). */
  set(token: string, value: T, expiresAtMs: number): void {
    if (this.maxEntries <= 0 || expiresAtMs <= this.now()) return;
    const key = lookupKey(token);
    this.entries.delete(key);
    this.insert(key, { token, value, expiresAtMs, sequence: 0 });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  private insert(key: string, entry: Entry<T>): void {
    entry.sequence = this.sequence++;
    this.entries.set(key, entry);
  }

  delete(token: string): void {
    const key = lookupKey(token);
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

interface Entry<T> {
  readonly token: string;
  readonly value: T;
  readonly expiresAtMs: number;
  sequence: number;
}

/**
 * The last 43 characters: 256 bits of the signature, as unique as the token itself for
 * tokens the authority signed. Two tokens sharing them only take turns in the cache.
 */
function lookupKey(token: string): string {
  return token.length > 43 ? token.slice(-43) : token;
}
