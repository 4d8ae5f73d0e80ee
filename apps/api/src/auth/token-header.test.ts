import { describe, expect, it } from 'vitest';
import { checkTokenHeader, maxTokenLength } from './token-header.js';
import { TokenRejection } from './token-rejection.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: unknown, signature = 'c2ln') =>
  `${encode(header)}.${encode({ sub: 'x' })}.${signature}`;

function rejectionCode(raw: string): string {
  try {
    checkTokenHeader(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejection);
    return (error as TokenRejection).code;
  }
  throw new Error('expected a TokenRejection');
}

describe('checkTokenHeader', () => {
  it('returns alg and kid of an RS256 token', () => {
    expect(checkTokenHeader(token({ alg: 'RS256', kid: 'k1', typ: 'JWT' }))).toEqual({
      alg: 'RS256',
      kid: 'k1',
    });
  });

  it('refuses every other algorithm, including none and HS256', () => {
    for (const alg of ['none', 'HS256', 'RS384', 'PS256', 'ES256', 'rs256', undefined]) {
      expect(rejectionCode(token({ alg, kid: 'k1' }, alg === 'none' ? '' : 'c2ln'))).toBe(
        'unsupported_algorithm',
      );
    }
  });

  it('refuses any crit member (RFC 7515 §4.1.11)', () => {
    expect(rejectionCode(token({ alg: 'RS256', kid: 'k1', crit: ['b64'], b64: false }))).toBe(
      'unsupported_critical_header',
    );
    expect(rejectionCode(token({ alg: 'RS256', kid: 'k1', crit: [] }))).toBe(
      'unsupported_critical_header',
    );
  });

  it('needs a kid to choose a key', () => {
    expect(rejectionCode(token({ alg: 'RS256' }))).toBe('missing_key_id');
    expect(rejectionCode(token({ alg: 'RS256', kid: 7 }))).toBe('missing_key_id');
  });

  it('refuses oversized tokens before decoding them', () => {
    expect(rejectionCode('a'.repeat(maxTokenLength + 1))).toBe('token_too_large');
  });

  it('refuses things that are not compact JWS', () => {
    for (const raw of [
      'abc',
      'a.b',
      'a.b.c.d',
      '!!.e30.x',
      `${encode([1])}.e30.x`,
      'bm90IGpzb24.e30.x',
    ]) {
      expect(rejectionCode(raw), raw).toBe('malformed_token');
    }
  });
});
