/** PKCE (RFC 7636), S256 only: the `plain` method protects nothing once the request leaks. */
import { createHash } from 'node:crypto';
import { EntraError } from './entra-errors.js';

/** 43–128 unreserved characters (RFC 7636 §4.1). */
const verifierPattern = /^[A-Za-z0-9\-._~]{43,128}$/;
/** BASE64URL(SHA256(verifier)): always 43 characters. */
const challengePattern = /^[A-Za-z0-9\-_]{43}$/;

/** Checks an authorize request's challenge; throws `invalid_request` when it is missing or not S256. */
export function checkCodeChallenge(
  challenge: string | undefined,
  method: string | undefined,
): string {
  if (challenge === undefined) {
    throw new EntraError(
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required: send code_challenge and code_challenge_method=S256.',
    );
  }
  if (method !== 'S256') {
    throw new EntraError(
      'invalid_request',
      90023,
      `code_challenge_method must be S256 (got "${method ?? 'none, which means plain'}"): this emulator refuses the plain method.`,
    );
  }
  if (!challengePattern.test(challenge)) {
    throw new EntraError(
      'invalid_request',
      501491,
      'Invalid size of code_challenge: an S256 challenge is 43 base64url characters.',
    );
  }
  return challenge;
}

/** Checks a token request's verifier against the challenge its code was issued for. */
export function checkCodeVerifier(verifier: string | undefined, challenge: string): void {
  if (verifier === undefined) {
    throw new EntraError(
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required: the request must contain code_verifier.',
    );
  }
  if (!verifierPattern.test(verifier)) {
    throw new EntraError(
      'invalid_grant',
      501491,
      'Invalid code_verifier: it must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~ (RFC 7636).',
    );
  }
  if (createHash('sha256').update(verifier).digest('base64url') !== challenge) {
    throw new EntraError(
      'invalid_grant',
      501481,
      'The code_verifier does not match the code_challenge supplied in the authorization request.',
    );
  }
}
