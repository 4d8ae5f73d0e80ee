// Tokens that passed every check, remembered so a client sending the same token again is
// not verified again: a bounded LRU keyed by the whole token string, each entry dropped
// at the token's `exp`, and emptied whenever the authority's key set changes (a removed
// key must stop vouching for the tokens it signed). Memory stays flat: at most
// `maxEntries` tokens, however many distinct tokens arrive.

export class VerifiedTokenCache<T> {
  // A Map iterates in insertion order: the first key is the least recently used.
  private readonly entries = new Map<string, { value: T; expiresAtMs: number }>();

  constructor(
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): T | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    this.entries.delete(token);
    if (entry.expiresAtMs <= this.now()) return undefined;
    this.entries.set(token, entry);
    return entry.value;
  }

  /** Remembers a verified token until `expiresAtMs` (the token's exp, in milliseconds). */
  set(token: string, value: T, expiresAtMs: number): void {
    if (this.maxEntries <= 0 || expiresAtMs <= this.now()) return;
    this.entries.delete(token);
    this.entries.set(token, { value, expiresAtMs });
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
