// Everything that decides which access tokens the API accepts, in one object, built once
// from the configuration: read this file to know exactly what is checked and how often the
// authority is asked. AuthModule.forRoot() takes it; tests change single fields.
import type { Agent } from 'node:https';
import { applicationIdUri } from '@pixy/auth-contract';
import type { Tenancy } from '@pixy/config';
import type { ApiConfig } from '../config/api-config.js';

/** The injection token of the AuthOptions AuthModule.forRoot() was given. */
export const AUTH_OPTIONS = Symbol('AuthOptions');

export interface AuthOptions {
  /** AUTH_AUTHORITY without a trailing slash, e.g. `https://login.microsoftonline.com/<tenant>`. */
  readonly authority: string;
  /** Single-tenant (the authority's tenant only) or multi-tenant (/organizations, /common). */
  readonly tenancy: TenantPolicy;
  /** The API's client ID: its tokens' `aud` is this or `api://<this>`. */
  readonly apiClientId: string;
  /** Accepted `aud` values: the API's client ID and its application ID URI. */
  readonly audiences: readonly [string, string];
  /** Client apps (`azp`, lower case) whose tokens are accepted. */
  readonly allowedClientIds: ReadonlySet<string>;
  /** Client IDs of the apps that sign users in: an ID token's `aud` (for a helpful message). */
  readonly signInClientIds: readonly string[];
  /** Whether guest (B2B) users' tokens are accepted. */
  readonly allowGuests: boolean;
  /** The authentication context `@RequireStepUp()` routes need in `acrs` (AUTH_STEP_UP_CONTEXT). */
  readonly stepUpContext: string;
  /** Clock difference tolerated on `exp` and `nbf`, in seconds (Entra's own libraries: 5 min). */
  readonly clockSkewSeconds: number;
  readonly authorityMetadata: AuthorityMetadataTiming;
  /** Verified tokens remembered (0 turns the verified-token cache off). */
  readonly verifiedTokenCacheSize: number;
  /**
   * The agent for the OpenID configuration and JWKS (its CA list decides which certificates
   * are trusted). Default: Node's global agent. main.ts passes authorityAgent().
   */
  readonly authorityAgent?: Agent | undefined;
  /** The time, in ms since the epoch. Only tests replace it (to move the key timings on). */
  readonly clock: () => number;
}

export type TenantPolicy =
  | { readonly kind: 'single'; readonly tenantId: string }
  | {
      readonly kind: 'multi';
      /** `organizations`: Entra tenants only; `common`: personal accounts too (when allowed). */
      readonly authorityTenant: Exclude<Tenancy, 'single'>;
      /** Tenants (`tid`, lower case) whose tokens are accepted, or every tenant. */
      readonly allowedTenants: '*' | ReadonlySet<string>;
    };

/**
 * How the OpenID configuration and the signing keys are kept, as Microsoft.IdentityModel's
 * ConfigurationManager keeps them: one fetch brings the discovery document and the whole
 * key set, which replaces the previous one in one step.
 */
export interface AuthorityMetadataTiming {
  /** A key set this old is refreshed (in the background: requests keep being answered). */
  readonly automaticRefreshMs: number;
  /**
   * At most one fetch in this long for a token naming a kid the key set lacks (and one in
   * flight at a time, shared), so junk kids cannot flood the authority, yet a newly
   * published key is used at most this long after it appears.
   */
  readonly refreshCooldownMs: number;
  /** While fetches fail, the last good key set is served this long, then requests get 503. */
  readonly lastKnownGoodMs: number;
  /** With no usable key set, a failed fetch is retried after this long (requests get 503). */
  readonly failureBackoffMs: number;
  /** Pauses between the attempts of one fetch; its length + 1 is the number of attempts. */
  readonly retryDelaysMs: readonly number[];
  readonly timeoutMs: number;
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

export const defaultAuthorityMetadataTiming: AuthorityMetadataTiming = {
  // IdentityModel refreshes every 12 h; an hour here means a key the authority withdraws
  // in an emergency stops working within the hour, for one small fetch an hour.
  automaticRefreshMs: hour,
  refreshCooldownMs: 30 * second,
  // IdentityModel's LastKnownGoodLifetime.
  lastKnownGoodMs: hour,
  failureBackoffMs: second,
  retryDelaysMs: [200, 800],
  timeoutMs: 5 * second,
};

export const defaultVerifiedTokenCacheSize = 10_000;

/** The options the configuration gives; `overrides` are for tests and the benchmark. */
export function authOptionsFrom(
  config: ApiConfig,
  overrides: Partial<AuthOptions> = {},
): AuthOptions {
  const { stack, callers } = config;
  const tenancy: TenantPolicy =
    stack.tenancy === 'single'
      ? { kind: 'single', tenantId: stack.authorityTenantId }
      : {
          kind: 'multi',
          authorityTenant: stack.tenancy,
          allowedTenants: callers.allowedTenants === '*' ? '*' : new Set(callers.allowedTenants),
        };
  return {
    authority: stack.authority,
    tenancy,
    apiClientId: stack.apiClientId,
    audiences: [stack.apiClientId, applicationIdUri(stack.apiClientId)],
    allowedClientIds: new Set(callers.allowedClientIds),
    signInClientIds: [stack.spaClientId, stack.openApiClientId],
    allowGuests: callers.allowGuests,
    stepUpContext: config.stepUpContext,
    clockSkewSeconds: 300,
    authorityMetadata: defaultAuthorityMetadataTiming,
    verifiedTokenCacheSize: defaultVerifiedTokenCacheSize,
    clock: Date.now,
    ...overrides,
  };
}
