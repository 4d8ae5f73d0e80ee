import { describe, expect, it } from 'vitest';
import { decodeJwt, MalformedTokenError } from './decode-jwt';

function base64url(value: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

describe('decodeJwt', () => {
  it('decodes the header and claims, including non-ASCII names', () => {
    const token = `${base64url({ alg: 'RS256', kid: 'k1' })}.${base64url({ name: 'Zoë Ünal', exp: 1 })}.sig`;
    expect(decodeJwt(token)).toEqual({
      header: { alg: 'RS256', kid: 'k1' },
      claims: { name: 'Zoë Ünal', exp: 1 },
    });
  });

  it('rejects what is not a compact JWT with a reason', () => {
    expect(() => decodeJwt('opaque-token')).toThrow(MalformedTokenError);
    expect(() => decodeJwt('a.b.c')).toThrow(/header is not base64url-encoded JSON/);
  });
});
