// Every knob of access-token validation, set explicitly, in one place: the passport-jwt /
// jsonwebtoken options and the timings of discovery, key caching and the verified-token
// cache. Read this file to know exactly what the API accepts.
import type { StrategyOptionsWithRequest } from 'passport-jwt';
import type { DiscoveryTuning } from './openid-discovery.js';
import type { SigningKeyTuning } from './signing-keys.js';
import { acceptedAlgorithm } from './token-header.js';
import type { TokenValidation } from './token-validation.js';

/** Clock difference tolerated on `exp` and `nbf`, in seconds (Entra's own libraries: 5 min). */
export const clockSkewSeconds = 300;

export interface ValidationTuning {
  readonly discovery: DiscoveryTuning;
  readonly signingKeys: SigningKeyTuning;
  /** Verified tokens remembered (0 turns the cache off). */
  readonly verifiedTokenCacheSize: number;
}

const minute = 60_000;
const hour = 60 * minute;

export const defaultValidationTuning: ValidationTuning = {
  discovery: {
    // As Microsoft.IdentityModel's ConfigurationManager: refresh every 12 h, and on
    // demand at most every 5 min.
    refreshAfterMs: 12 * hour,
    minOnDemandRefreshMs: 5 * minute,
    failureCooldownMs: 1_000,
    retryDelaysMs: [200, 800],
    timeoutMs: 5_000,
  },
  signingKeys: {
    cacheMaxAgeMs: 10 * minute,
    // During a JWKS outage keys fetched in the last 24 h keep working: availability over
    // the (small) risk that a key was withdrawn while the endpoint was down.
    outageGraceMs: 24 * hour,
    maxCachedKeys: 16,
    fetchesPerMinute: 10,
    timeoutMs: 5_000,
  },
  verifiedTokenCacheSize: 10_000,
};

/** The passport-jwt strategy's options; issuer, tenant and the rest are checked in `validate`. */
export function jwtStrategyOptions(validation: TokenValidation): StrategyOptionsWithRequest {
  return {
    // Only `Authorization: Bearer <token>`: never a query parameter, body field or cookie.
    jwtFromRequest: (request: { headers?: { authorization?: unknown } }) =>
      validation.bearerTokenOf(request),
    secretOrKeyProvider: validation.secretOrKeyProvider,
    algorithms: [acceptedAlgorithm],
    audience: validation.audiences,
    // The issuer comes from the OpenID configuration, which is fetched lazily (after the
    // strategy exists), so `validate` compares it; jsonwebtoken is not given a stale one.
    issuer: undefined,
    ignoreExpiration: false,
    passReqToCallback: true,
    jsonWebTokenOptions: {
      clockTolerance: clockSkewSeconds,
      ignoreNotBefore: false,
      allowInvalidAsymmetricKeyTypes: false,
      complete: false,
    },
  };
}
