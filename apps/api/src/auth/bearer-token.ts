// The bearer token, read from the Authorization header only (RFC 6750 §2.1: never a query
// parameter, body field or cookie), then checked before any key is looked up: size, shape,
// algorithm, `crit`, and the `kid` that selects a key from the authority's JWKS. Header
// members that point at other keys (`jku`, `x5u`, `jwk`, `x5c`) are never read: a token
// cannot choose the key that checks it.
import { TokenRejection, clip } from './token-rejection.js';

/**
 * Longest token accepted, in characters. Entra access tokens are 1–3 KB; a user in the
 * maximum 200 groups reaches about 11 KB. Anything longer is refused before decoding.
 */
export const maxTokenLength = 12 * 1024;

/** The only signing algorithm accepted: Entra ID signs access tokens with RS256. */
export const acceptedAlgorithm = 'RS256';

export type BearerToken =
  /** No Authorization header (or an empty one). */
  | { readonly kind: 'none' }
  /** Another scheme, such as Basic: no bearer token was sent. */
  | { readonly kind: 'other-scheme' }
  /** `Bearer` followed by something that cannot be a token: refused as invalid_token. */
  | { readonly kind: 'rejected'; readonly rejection: TokenRejection }
  | { readonly kind: 'token'; readonly token: string };

const malformed = (detail: string): BearerToken => ({
  kind: 'rejected',
  rejection: new TokenRejection('malformed_token', detail),
});

/**
 * `Authorization: Bearer <token>`: the scheme in any case, one space, then exactly one
 * token (RFC 6750's b64token: no spaces inside). By hand rather than with a regular
 * expression: it runs on every request.
 */
export function readBearerToken(authorization: unknown): BearerToken {
  if (typeof authorization !== 'string' || authorization.trim() === '') return { kind: 'none' };
  const scheme = authorization.slice(0, 6).toLowerCase();
  if (scheme !== 'bearer' || (authorization.length > 6 && authorization[6] !== ' ')) {
    return { kind: 'other-scheme' };
  }
  const token = authorization.slice(7).trim();
  if (token === '') {
    return malformed('The Authorization header says Bearer but carries no token.');
  }
  if (/\s/.test(token)) {
    return malformed(
      'The Authorization header must carry exactly one token after "Bearer " (no spaces inside it).',
    );
  }
  if (token.length > maxTokenLength) {
    return {
      kind: 'rejected',
      rejection: new TokenRejection(
        'token_too_large',
        `The token is longer than ${maxTokenLength} characters, more than any Entra access token.`,
      ),
    };
  }
  return { kind: 'token', token };
}

const base64UrlSegment = /^[A-Za-z0-9_-]+$/;

/**
 * Decodes and checks the token's header before its signature is verified; throws a
 * TokenRejection. After these checks, jsonwebtoken can refuse the token only for its times
 * (exp, nbf), a payload that is not a JWT's, or a signature that does not verify: see
 * explainMalformedPayload().
 */
export function checkTokenFormat(token: string): { readonly kid: string } {
  const parts = token.split('.');
  // The signature may be empty here (`alg: none`); the algorithm check below refuses it.
  const [head, body, signature] = parts;
  if (
    parts.length !== 3 ||
    !base64UrlSegment.test(head!) ||
    !base64UrlSegment.test(body!) ||
    !(signature === '' || base64UrlSegment.test(signature!))
  ) {
    throw new TokenRejection(
      'malformed_token',
      'The bearer token is not a signed JWT (three base64url parts separated by dots).',
    );
  }
  const header = decodeSegment(head!);
  if (!header) {
    throw new TokenRejection('malformed_token', 'The token header is not a JSON object.');
  }
  const { alg, kid, crit } = header;
  if (alg !== acceptedAlgorithm) {
    const shown = typeof alg === 'string' ? `"${clip(alg, 20)}"` : 'missing';
    throw new TokenRejection(
      'unsupported_algorithm',
      `The token's algorithm (alg) is ${shown}; only ${acceptedAlgorithm}-signed access tokens are accepted.`,
    );
  }
  if (crit !== undefined) {
    // RFC 7515 §4.1.11: a recipient must reject a token whose `crit` names extensions it
    // does not understand. This API understands none.
    throw new TokenRejection(
      'unsupported_critical_header',
      'The token header has a "crit" member naming extensions this API does not support.',
    );
  }
  if (typeof kid !== 'string' || kid === '' || kid.length > 256) {
    throw new TokenRejection(
      'missing_key_id',
      'The token header has no "kid", so no signing key of the authority can be chosen.',
    );
  }
  return { kid };
}

/**
 * Why jsonwebtoken refused a token whose header passed checkTokenFormat(), when the reason
 * is its payload (not a JSON object, or `exp`, `nbf`, `iat` that are not numbers); undefined
 * when the payload is fine, which leaves the signature. Runs on that failure only.
 */
export function explainMalformedPayload(token: string): TokenRejection | undefined {
  const payload = decodeSegment(token.split('.')[1] ?? '');
  if (!payload) {
    return new TokenRejection('malformed_token', 'The token payload is not a JSON object.');
  }
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'number') {
      return new TokenRejection(
        'malformed_token',
        `The token's "${claim}" is not a number of seconds since the epoch.`,
      );
    }
  }
  return undefined;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
