// Checks that run before any key is looked up or any signature is verified: size, shape,
// algorithm, `crit`, and the `kid` that selects a key from the configured JWKS. Header
// members that point at other keys (`jku`, `x5u`, `jwk`, `x5c`) are never read.
import { TokenRejection, clip } from './token-rejection.js';

/**
 * Longest token accepted, in characters. Entra access tokens are 1–3 KB; a user in the
 * maximum 200 groups reaches about 11 KB. Anything longer is refused before decoding.
 */
export const maxTokenLength = 12 * 1024;

/** The only signing algorithm accepted: Entra ID signs access tokens with RS256. */
export const acceptedAlgorithm = 'RS256';

export interface TokenHeader {
  readonly alg: string;
  readonly kid: string;
}

const base64UrlSegment = /^[A-Za-z0-9_-]+$/;

/** Refuses a token longer than any Entra access token, before anything else looks at it. */
export function checkTokenLength(token: string): void {
  if (token.length > maxTokenLength) {
    throw new TokenRejection(
      'token_too_large',
      `The token is longer than ${maxTokenLength} characters, more than any Entra access token.`,
    );
  }
}

/** Decodes and checks the protected header; throws a TokenRejection. */
export function checkTokenHeader(token: string): TokenHeader {
  checkTokenLength(token);
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
  return { alg, kid };
}

/**
 * The payload WITHOUT verifying it: only to explain a rejection better (a v1 token, an ID
 * token), never to accept anything.
 */
export function peekPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  return payload === undefined ? undefined : decodeSegment(payload);
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
