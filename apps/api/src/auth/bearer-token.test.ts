import { describe, expect, it } from 'vitest';
import {
  checkTokenFormat,
  explainMalformedPayload,
  maxTokenLength,
  readBearerToken,
} from './bearer-token.js';
import { TokenRejection } from './token-rejection.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: unknown, signature = 'c2ln', payload: unknown = { sub: 'x' }) =>
  `${encode(header)}.${encode(payload)}.${signature}`;

function rejectionCode(raw: string): string {
  try {
    checkTokenFormat(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejection);
    return (error as TokenRejection).code;
  }
  throw new Error('expected a TokenRejection');
}

describe('readBearerToken', () => {
  it('reads `Bearer <token>`, the scheme in any case', () => {
    expect(readBearerToken('Bearer abc.def.ghi')).toEqual({ kind: 'token', token: 'abc.def.ghi' });
    expect(readBearerToken('bEaReR abc')).toEqual({ kind: 'token', token: 'abc' });
  });

  it('sees no token without a header, and another scheme as no bearer token', () => {
    expect(readBearerToken(undefined)).toEqual({ kind: 'none' });
    expect(readBearerToken('  ')).toEqual({ kind: 'none' });
    expect(readBearerToken('Basic YWxpY2U6c2VjcmV0')).toEqual({ kind: 'other-scheme' });
    expect(readBearerToken('Bearertoken')).toEqual({ kind: 'other-scheme' });
  });

  it('refuses more than one token, spaces inside, or none after the scheme', () => {
    for (const header of [
      'Bearer a.b.c a.b.c',
      'Bearer a.b.c junk',
      'Bearer a.b\t.c',
      'Bearer',
      'Bearer   ',
    ]) {
      const bearer = readBearerToken(header);
      expect(bearer.kind, header).toBe('rejected');
      if (bearer.kind === 'rejected') expect(bearer.rejection.code).toBe('malformed_token');
    }
  });

  it('refuses an oversized token before anything decodes it', () => {
    const bearer = readBearerToken(`Bearer ${'a'.repeat(maxTokenLength + 1)}`);
    expect(bearer.kind === 'rejected' && bearer.rejection.code).toBe('token_too_large');
  });
});

describe('checkTokenFormat', () => {
  it('returns the kid of an RS256 token', () => {
    expect(checkTokenFormat(token({ alg: 'RS256', kid: 'k1', typ: 'JWT' }))).toEqual({ kid: 'k1' });
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

describe('explainMalformedPayload', () => {
  const header = { alg: 'RS256', kid: 'k1' };

  it('names a payload that is not an object, or times that are not numbers', () => {
    expect(explainMalformedPayload(`${encode(header)}.${encode('text')}.c2ln`)?.code).toBe(
      'malformed_token',
    );
    for (const claim of ['exp', 'nbf', 'iat']) {
      expect(explainMalformedPayload(token(header, 'c2ln', { [claim]: '2000000000' }))?.code).toBe(
        'malformed_token',
      );
    }
  });

  it('finds nothing wrong with a good payload (the signature is what failed)', () => {
    expect(explainMalformedPayload(token(header, 'c2ln', { exp: 2_000_000_000 }))).toBeUndefined();
  });
});
