// The authority's signing keys, by `kid`, through jwks-rsa: cached per kid, refetched
// (rate-limited) when a token names a kid we have not seen — so key rotation needs no
// restart — and served from the cache while the JWKS endpoint is down. Only RSA keys
// published for signatures (`use: "sig"`) are ever used.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Agent } from 'node:https';
import jwksRsa from 'jwks-rsa';
import { AuthorityUnavailableError, fetchJson } from './https-json.js';
import type { OpenIdDiscovery } from './openid-discovery.js';
import { TokenRejection } from './token-rejection.js';

export interface SigningKeyTuning {
  /** How long a key is served from the cache before the JWKS is fetched again for it. */
  readonly cacheMaxAgeMs: number;
  /** How long after that a cached key is still served while the JWKS endpoint is down. */
  readonly outageGraceMs: number;
  /** Keys kept; Entra publishes a handful. */
  readonly maxCachedKeys: number;
  /** JWKS fetches for unknown kids per minute, so random kids cannot flood the authority. */
  readonly fetchesPerMinute: number;
  readonly timeoutMs: number;
}

interface JsonWebKey {
  readonly kid?: unknown;
  readonly kty?: unknown;
  readonly use?: unknown;
}

export class SigningKeys {
  private client: { jwksUri: string; client: jwksRsa.JwksClient } | undefined;
  private publishedKids: string | undefined;
  private readonly keySetListeners: Array<() => void> = [];
  // jwks-rsa hands out PEM text; parsing it for every token costs more than the RSA
  // signature check itself (~100 µs), so each key is parsed once.
  private readonly parsedKeys = new Map<string, KeyObject>();

  constructor(
    private readonly discovery: OpenIdDiscovery,
    private readonly tuning: SigningKeyTuning,
    private readonly agent?: Agent,
  ) {}

  /** Called whenever a fetched JWKS publishes a different set of signing keys than before. */
  onKeySetChange(listener: () => void): void {
    this.keySetListeners.push(listener);
  }

  /**
   * The public key for `kid`. Throws a TokenRejection when the authority does not
   * publish that key, and AuthorityUnavailableError when it cannot be asked.
   */
  async publicKeyFor(kid: string): Promise<KeyObject> {
    const metadata = await this.discovery.get();
    try {
      return await this.lookUp(metadata.jwksUri, kid);
    } catch (error) {
      if (!isKeyNotFound(error)) throw this.translate(error);
      // The keys may have moved: let discovery look again (it rate-limits itself).
      const fresh = await this.discovery.requestRefresh().catch(() => metadata);
      if (fresh.jwksUri !== metadata.jwksUri) {
        try {
          return await this.lookUp(fresh.jwksUri, kid);
        } catch (retryError) {
          throw this.translate(retryError);
        }
      }
      throw this.translate(error);
    }
  }

  private async lookUp(jwksUri: string, kid: string): Promise<KeyObject> {
    const pem = (await this.clientFor(jwksUri).getSigningKey(kid)).getPublicKey();
    let key = this.parsedKeys.get(pem);
    if (key === undefined) {
      if (this.parsedKeys.size >= 4 * this.tuning.maxCachedKeys) this.parsedKeys.clear();
      key = createPublicKey(pem);
      this.parsedKeys.set(pem, key);
    }
    return key;
  }

  private clientFor(jwksUri: string): jwksRsa.JwksClient {
    if (this.client?.jwksUri !== jwksUri) {
      this.client = {
        jwksUri,
        client: new jwksRsa.JwksClient({
          jwksUri,
          cache: true,
          cacheMaxEntries: this.tuning.maxCachedKeys,
          cacheMaxAge: this.tuning.cacheMaxAgeMs,
          cacheMaxAgeFallback: this.tuning.outageGraceMs,
          rateLimit: true,
          jwksRequestsPerMinute: this.tuning.fetchesPerMinute,
          timeout: this.tuning.timeoutMs,
          // Our own fetch: https only, size-capped, through the injected agent, and it keeps
          // only `use: "sig"` RSA keys (jwks-rsa alone would also take keys without `use`).
          fetcher: (uri) => this.fetchSigningKeys(uri),
        }),
      };
    }
    return this.client.client;
  }

  private async fetchSigningKeys(uri: string): Promise<{ keys: JsonWebKey[] }> {
    const document = await fetchJson(uri, {
      agent: this.agent,
      timeoutMs: this.tuning.timeoutMs,
      maxBytes: 256 * 1024,
    });
    const keys = (document as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new AuthorityUnavailableError(`${uri} is not a JWKS`);
    const signingKeys = (keys as JsonWebKey[]).filter(
      (key) => key.use === 'sig' && key.kty === 'RSA' && typeof key.kid === 'string',
    );
    const kids = signingKeys
      .map((key) => key.kid as string)
      .sort()
      .join(' ');
    if (this.publishedKids !== undefined && this.publishedKids !== kids) {
      this.parsedKeys.clear();
      for (const listener of this.keySetListeners) listener();
    }
    this.publishedKids = kids;
    return { keys: signingKeys };
  }

  private translate(error: unknown): Error {
    if (isKeyNotFound(error)) {
      return new TokenRejection(
        'unknown_signing_key',
        "The token was signed with a key (kid) that the authority's JWKS does not publish.",
      );
    }
    if ((error as Error | undefined)?.name === 'JwksRateLimitError') {
      return new TokenRejection(
        'unknown_signing_key',
        'The token names a signing key (kid) this API does not know, and the JWKS was ' +
          'fetched too often in the last minute to look again.',
      );
    }
    if (error instanceof AuthorityUnavailableError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new AuthorityUnavailableError(`The signing keys could not be loaded: ${message}`, {
      cause: error,
    });
  }
}

function isKeyNotFound(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'SigningKeyNotFoundError';
}
