// The authority's OpenID configuration and signing keys, kept as Microsoft.IdentityModel's
// ConfigurationManager keeps them. One fetch brings the discovery document (checked: its
// issuer and jwks_uri must belong to AUTH_AUTHORITY) and the whole JWKS (read through
// jwks-rsa), and the result replaces the previous configuration in one step:
//   - a kid in the current key set is answered from memory: it never causes a fetch and is
//     never rate-limited;
//   - a kid the set lacks causes at most one fetch per cooldown (one in flight at a time,
//     shared by every request), so junk kids cannot flood the authority, and a newly
//     published key is used at most one cooldown after it appears (the first such fetch
//     is not held back by the fetch that loaded the set, as IdentityModel's first
//     RequestRefresh is not);
//   - the set is refreshed when it is older than automaticRefreshMs (lazily, in the
//     background), and a key a fetch no longer lists stops validating at once;
//   - while fetches fail, the last good set is served for lastKnownGoodMs, then requests
//     get 503 until the authority answers again.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import jwksRsa from 'jwks-rsa';
import type { AuthOptions, AuthorityMetadataTiming } from './auth-options.js';
import { AuthorityUnavailableError, fetchJson } from '@pixy/authority-https';
import { TokenRejection } from './token-rejection.js';

export interface SigningKey {
  readonly kid: string;
  readonly publicKey: KeyObject;
  /**
   * The JWK's own `issuer`, when the authority publishes one (Entra's multi-tenant JWKS:
   * `https://login.microsoftonline.com/{tenantid}/v2.0`, or a literal issuer for the
   * personal-accounts keys): tokens signed with this key must come from it.
   */
  readonly issuer: string | undefined;
}

export interface AuthorityConfiguration {
  /** Tokens' `iss`; multi-tenant: with `{tenantid}` where the token's `tid` goes. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly keys: ReadonlyMap<string, SigningKey>;
}

/** The OpenID configuration URL of an Entra-shaped authority (v2.0 endpoints). */
export function openIdConfigurationUrl(authority: string): string {
  return `${authority.replace(/\/+$/, '')}/v2.0/.well-known/openid-configuration`;
}

/** Where a multi-tenant issuer puts the token's tenant. */
export const tenantIdTemplate = '{tenantid}';

const unknownKey = () =>
  new TokenRejection(
    'unknown_signing_key',
    "The token was signed with a key (kid) that the authority's JWKS does not publish.",
  );

export class AuthorityConfigurationManager {
  readonly discoveryUrl: string;
  /** The issuer the discovery document must name (multi-tenant: the template). */
  readonly expectedIssuer: string;
  /** JWKS fetches so far (the benchmark shows that known kids cause none). */
  jwksFetches = 0;

  private current: AuthorityConfiguration | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  /** When fetching started to fail (undefined while the last fetch succeeded). */
  private failingSince: number | undefined;
  private lastError: AuthorityUnavailableError | undefined;
  /** When the last fetch of any kind started. */
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  /** When the last fetch for an unknown kid started: the cooldown counts from it. */
  private lastUnknownKidFetchAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<AuthorityConfiguration> | undefined;
  private readonly timing: AuthorityMetadataTiming;
  private readonly authorityHost: string;
  private readonly logger = new Logger('AuthorityConfiguration');

  constructor(private readonly options: AuthOptions) {
    this.timing = options.authorityMetadata;
    this.discoveryUrl = openIdConfigurationUrl(options.authority);
    const authority = options.authority.replace(/\/+$/, '');
    const base = authority.slice(0, authority.lastIndexOf('/'));
    const tenant = options.tenancy.kind === 'single' ? options.tenancy.tenantId : tenantIdTemplate;
    this.expectedIssuer = `${base}/${tenant}/v2.0`;
    this.authorityHost = new URL(authority).host;
  }

  /**
   * The key for `kid` in the current key set, or undefined (unknown kid, or no usable set):
   * from memory, never a fetch. Starts the scheduled refresh when it is due.
   */
  currentKey(kid: string): SigningKey | undefined {
    return this.usable()?.keys.get(kid);
  }

  /**
   * Resolves when a usable key set is held, fetching one if need be (as the rules above
   * allow); rejects with AuthorityUnavailableError otherwise. For readiness checks.
   */
  async ready(): Promise<void> {
    if (this.usable() !== undefined) return;
    const fetch = this.fetchUnlessRecent(this.lastAttemptAt, this.timing.failureBackoffMs);
    if (fetch === undefined) throw this.unavailable();
    await fetch;
  }

  /**
   * The key for `kid`, fetching the configuration when the current one lacks it (as the
   * rules above allow). Throws a TokenRejection (`unknown_signing_key`) when the authority
   * does not publish the key, and AuthorityUnavailableError when it cannot be asked.
   */
  async key(kid: string): Promise<{ key: SigningKey; configuration: AuthorityConfiguration }> {
    let configuration = this.usable();
    const known = configuration?.keys.get(kid);
    if (configuration !== undefined && known !== undefined) return { key: known, configuration };

    if (configuration === undefined) {
      // Nothing usable yet (first request), or the outage outlasted the last good set.
      const fetch = this.fetchUnlessRecent(this.lastAttemptAt, this.timing.failureBackoffMs);
      if (fetch === undefined) throw this.unavailable();
      configuration = await fetch;
    } else {
      // The authority may have published a new key: look, at most once per cooldown.
      const fetch = this.fetchUnlessRecent(
        this.lastUnknownKidFetchAt,
        this.timing.refreshCooldownMs,
      );
      if (fetch === undefined) {
        // The last look was recent. If it failed, the honest answer is "try again later".
        throw this.failingSince === undefined ? unknownKey() : this.unavailable();
      }
      this.lastUnknownKidFetchAt = this.lastAttemptAt; // when the fetch we wait for began
      configuration = await fetch;
    }
    const key = configuration.keys.get(kid);
    if (key === undefined) throw unknownKey();
    return { key, configuration };
  }

  /** The current configuration while it may be used; schedules its refresh when due. */
  private usable(): AuthorityConfiguration | undefined {
    if (this.current === undefined) return undefined;
    const now = this.options.clock();
    if (this.failingSince !== undefined && now - this.failingSince > this.timing.lastKnownGoodMs) {
      return undefined;
    }
    if (now - this.fetchedAt >= this.timing.automaticRefreshMs) {
      // Answer from the current set now; a failed refresh is logged and changes nothing yet.
      this.fetchUnlessRecent(this.lastAttemptAt, this.timing.refreshCooldownMs)?.catch(
        () => undefined,
      );
    }
    return this.current;
  }

  /**
   * Starts a fetch, unless one is in flight (then shares it) or `since` is less than
   * `minIntervalMs` ago (then returns undefined).
   */
  private fetchUnlessRecent(
    since: number,
    minIntervalMs: number,
  ): Promise<AuthorityConfiguration> | undefined {
    if (this.inflight !== undefined) return this.inflight;
    const now = this.options.clock();
    if (now - since < minIntervalMs) return undefined;
    this.lastAttemptAt = now;
    this.inflight = this.fetchWithRetries()
      .then(
        (configuration) => {
          if (this.failingSince !== undefined) {
            this.logger.log(`The authority answers again; signing keys refreshed.`);
          }
          this.current = configuration;
          this.fetchedAt = this.options.clock();
          this.failingSince = undefined;
          this.lastError = undefined;
          return configuration;
        },
        (error: unknown) => {
          const failure =
            error instanceof AuthorityUnavailableError
              ? error
              : new AuthorityUnavailableError(String(error), { cause: error });
          this.failingSince ??= this.options.clock();
          this.lastError = failure;
          this.logger.warn(`${failure.message}${this.fallbackNote()}`);
          throw failure;
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private fallbackNote(): string {
    if (this.current === undefined || this.failingSince === undefined) {
      return ' Requests with a token get 503 until it answers.';
    }
    const until = new Date(this.failingSince + this.timing.lastKnownGoodMs).toISOString();
    return ` The last good signing keys are used until ${until}, then requests get 503.`;
  }

  private unavailable(): AuthorityUnavailableError {
    return (
      this.lastError ?? new AuthorityUnavailableError(`${this.discoveryUrl} was not fetched yet`)
    );
  }

  private async fetchWithRetries(): Promise<AuthorityConfiguration> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.timing.retryDelaysMs.length; attempt++) {
      if (attempt > 0) await delay(this.timing.retryDelaysMs[attempt - 1] ?? 0);
      try {
        return await this.fetchOnce();
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  private async fetchOnce(): Promise<AuthorityConfiguration> {
    const document = await fetchJson(this.discoveryUrl, this.fetchOptions());
    const { issuer, jwksUri } = this.checkDiscovery(document);
    const keys = await this.fetchSigningKeys(jwksUri);
    return { issuer, jwksUri, keys };
  }

  /** The discovery document must describe AUTH_AUTHORITY: its issuer, keys on its host. */
  private checkDiscovery(document: unknown): { issuer: string; jwksUri: string } {
    const record = (typeof document === 'object' && document !== null ? document : {}) as Record<
      string,
      unknown
    >;
    const { issuer, jwks_uri: jwksUri } = record;
    const from = `The OpenID configuration at ${this.discoveryUrl}`;
    if (issuer !== this.expectedIssuer) {
      throw new AuthorityUnavailableError(
        `${from} names the issuer ${typeof issuer === 'string' ? `"${issuer}"` : '(none)'}, but ` +
          `tokens of AUTH_AUTHORITY ${this.options.authority} must come from "${this.expectedIssuer}": ` +
          `check that AUTH_AUTHORITY names the right host and tenant.`,
      );
    }
    let keysUrl: URL | undefined;
    try {
      keysUrl = typeof jwksUri === 'string' ? new URL(jwksUri) : undefined;
    } catch {
      // reported below
    }
    if (keysUrl?.protocol !== 'https:' || keysUrl.host !== this.authorityHost) {
      throw new AuthorityUnavailableError(
        `${from} publishes its keys (jwks_uri) at ${typeof jwksUri === 'string' ? `"${jwksUri}"` : '(none)'}, ` +
          `not over https on the authority's host ${this.authorityHost}: its keys are not trusted.`,
      );
    }
    return { issuer, jwksUri: keysUrl.href };
  }

  /**
   * The JWKS through jwks-rsa (JWK → public key). Our fetcher keeps only RS256 signing keys
   * with a kid, and remembers each key's `issuer`, which jwks-rsa does not pass on.
   */
  private async fetchSigningKeys(jwksUri: string): Promise<Map<string, SigningKey>> {
    const issuers = new Map<string, string>();
    const client = new jwksRsa.JwksClient({
      jwksUri,
      cache: false,
      rateLimit: false,
      timeout: this.timing.timeoutMs,
      fetcher: async (uri) => {
        this.jwksFetches++;
        const keys = rsaSigningKeys(await fetchJson(uri, this.fetchOptions()), uri);
        for (const key of keys) {
          if (typeof key.issuer === 'string') issuers.set(key.kid, key.issuer);
        }
        return { keys };
      },
    });
    let published: jwksRsa.SigningKey[];
    try {
      published = await client.getSigningKeys();
    } catch (error) {
      if (error instanceof jwksRsa.JwksError) {
        throw new AuthorityUnavailableError(`${jwksUri} publishes no RS256 signing keys`, {
          cause: error,
        });
      }
      throw error;
    }
    const keys = new Map<string, SigningKey>();
    for (const key of published) {
      // Parsed once per fetch: parsing PEM costs more than the signature check itself.
      keys.set(key.kid, {
        kid: key.kid,
        publicKey: createPublicKey(key.getPublicKey()),
        issuer: issuers.get(key.kid),
      });
    }
    return keys;
  }

  private fetchOptions() {
    return {
      agent: this.options.authorityAgent,
      timeoutMs: this.timing.timeoutMs,
      maxBytes: 256 * 1024,
    };
  }
}

interface RsaSigningJwk {
  readonly kid: string;
  readonly kty: 'RSA';
  readonly use: 'sig';
  readonly issuer?: unknown;
}

/** Only what may verify an RS256 signature: `use: "sig"` RSA keys with a kid. */
function rsaSigningKeys(document: unknown, uri: string): RsaSigningJwk[] {
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new AuthorityUnavailableError(`${uri} is not a JWKS`);
  return (keys as unknown[]).filter((key): key is RsaSigningJwk => {
    if (typeof key !== 'object' || key === null) return false;
    const { use, kty, alg, kid } = key as Record<string, unknown>;
    return (
      use === 'sig' &&
      kty === 'RSA' &&
      (alg === undefined || alg === 'RS256') &&
      typeof kid === 'string' &&
      kid !== ''
    );
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
