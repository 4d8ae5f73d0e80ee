import { describe, expect, it } from 'vitest';
import { claimDescriptions, describeClaim, headerDescriptions } from './claim-descriptions.js';

const documentedClaims = [
  'aud',
  'iss',
  'iat',
  'nbf',
  'exp',
  'aio',
  'azp',
  'azpacr',
  'idp',
  'idtyp',
  'name',
  'oid',
  'preferred_username',
  'email',
  'login_hint',
  'nonce',
  'rh',
  'scp',
  'roles',
  'groups',
  'wids',
  'sid',
  'sub',
  'tid',
  'uti',
  'ver',
  'xms_cc',
];

describe('claim descriptions', () => {
  it('describe every Entra v2.0 claim the token inspector shows', () => {
    for (const claim of documentedClaims) {
      expect(describeClaim(claim), claim).toMatch(/\w{3,}/);
    }
  });

  it('are short enough for one table cell', () => {
    for (const [claim, text] of Object.entries(claimDescriptions)) {
      expect(text.length, claim).toBeLessThanOrEqual(100);
    }
  });

  it('return undefined for unknown claims, including inherited object keys', () => {
    expect(describeClaim('favourite_colour')).toBeUndefined();
    expect(describeClaim('constructor')).toBeUndefined();
    expect(describeClaim('__proto__')).toBeUndefined();
  });

  it('describe the header fields the inspector shows', () => {
    expect(headerDescriptions.alg).toMatch(/RS256/);
    expect(headerDescriptions.kid).toMatch(/key/i);
  });
});
