// The authority's OpenID configuration (issuer and jwks_uri), fetched lazily so the API
// starts while the identity provider is still down, retried, cached, refreshed in the
// background when it gets old, and on demand (rate-limited) when an unknown key shows up.
import type { Agent } from 'node:https';
import { AuthorityUnavailableError, fetchJson } from './https-json.js';

export interface OpenIdMetadata {
  /** The `iss` every token must carry, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`. */
  readonly issuer: string;
  /** Where the signing keys are published. */
  readonly jwksUri: string;
}

export interface DiscoveryTuning {
  /** Serve the cached document, but fetch a fresh one in the background after this long. */
  readonly refreshAfterMs: number;
  /** On-demand refreshes (unknown `kid`) happen at most this often. */
  readonly minOnDemandRefreshMs: number;
  /** After every attempt failed, later callers fail fast for this long instead of piling up. */
  readonly failureCooldownMs: number;
  /** Pauses between the attempts of one fetch; its length + 1 is the number of attempts. */
  readonly retryDelaysMs: readonly number[];
  readonly timeoutMs: number;
}

/** The OpenID configuration URL of an Entra-shaped authority (v2.0 endpoints). */
export function openIdConfigurationUrl(authority: string): string {
  return `${authority.replace(/\/+$/, '')}/v2.0/.well-known/openid-configuration`;
}

export class OpenIdDiscovery {
  readonly url: string;
  private current: { metadata: OpenIdMetadata; fetchedAt: number } | undefined;
  private inflight: Promise<OpenIdMetadata> | undefined;
  private lastFailure: { error: Error; at: number } | undefined;
  private lastOnDemandRefresh = Number.NEGATIVE_INFINITY;

  constructor(
    authority: string,
    private readonly tuning: DiscoveryTuning,
    private readonly agent?: Agent,
    private readonly now: () => number = Date.now,
  ) {
    this.url = openIdConfigurationUrl(authority);
  }

  /** The last good document; fetched on first use. Rejects with AuthorityUnavailableError. */
  async get(): Promise<OpenIdMetadata> {
    const current = this.current;
    if (current) {
      if (this.now() - current.fetchedAt > this.tuning.refreshAfterMs) {
        // Keep serving the last good document; a failed background refresh changes nothing.
        this.refresh().catch(() => undefined);
      }
      return current.metadata;
    }
    const failure = this.lastFailure;
    if (failure && this.now() - failure.at < this.tuning.failureCooldownMs) throw failure.error;
    return this.refresh();
  }

  /**
   * Asks for a fresh document because a token named a key we do not know (the keys may have
   * moved). Rate-limited: returns the current document when the last on-demand refresh was recent.
   */
  async requestRefresh(): Promise<OpenIdMetadata> {
    if (this.now() - this.lastOnDemandRefresh < this.tuning.minOnDemandRefreshMs) return this.get();
    this.lastOnDemandRefresh = this.now();
    return this.refresh();
  }

  /** Fetches now (sharing a fetch already in flight), with retries. */
  refresh(): Promise<OpenIdMetadata> {
    this.inflight ??= this.fetchWithRetries().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchWithRetries(): Promise<OpenIdMetadata> {
    let lastError: Error = new AuthorityUnavailableError(`${this.url} was not fetched`);
    for (let attempt = 0; attempt <= this.tuning.retryDelaysMs.length; attempt++) {
      if (attempt > 0) await delay(this.tuning.retryDelaysMs[attempt - 1] ?? 0);
      try {
        const document = await fetchJson(this.url, {
          agent: this.agent,
          timeoutMs: this.tuning.timeoutMs,
          maxBytes: 256 * 1024,
        });
        const metadata = parseMetadata(this.url, document);
        this.current = { metadata, fetchedAt: this.now() };
        this.lastFailure = undefined;
        return metadata;
      } catch (error) {
        lastError = error instanceof Error ? error : new AuthorityUnavailableError(String(error));
      }
    }
    this.lastFailure = { error: lastError, at: this.now() };
    throw lastError;
  }
}

function parseMetadata(url: string, document: unknown): OpenIdMetadata {
  const record = (typeof document === 'object' && document !== null ? document : {}) as Record<
    string,
    unknown
  >;
  const { issuer, jwks_uri: jwksUri } = record;
  if (typeof issuer !== 'string' || !isHttpsUrl(issuer)) {
    throw new AuthorityUnavailableError(`${url} has no https "issuer"`);
  }
  if (typeof jwksUri !== 'string' || !isHttpsUrl(jwksUri)) {
    throw new AuthorityUnavailableError(`${url} has no https "jwks_uri"`);
  }
  return { issuer, jwksUri };
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
