import { AppRoles, Scopes } from '@pixy/auth-contract';
import { describe, expect, it } from 'vitest';
import { principalFromClaims } from './access-token-claims.js';
import { TokenRejection } from './token-rejection.js';

const tenantId = '9f1c2b3a-7d4e-4c5b-8a69-0e1f2a3b4c5d';
const issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;
const expected = { issuer, tenantId };
const valid = {
  iss: issuer,
  tid: tenantId,
  oid: '1a1a1a1a-0000-4000-8000-00000000a11c',
  exp: 2_000_000_000,
  ver: '2.0',
  scp: `${Scopes.TasksRead} ${Scopes.TasksReadWrite}`,
  name: 'Alice Adams',
  preferred_username: 'alice@pixy.test',
};

function rejectionCode(claims: Record<string, unknown>): string {
  try {
    principalFromClaims(claims, expected);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejection);
    return (error as TokenRejection).code;
  }
  throw new Error('expected a TokenRejection');
}

describe('principalFromClaims', () => {
  it('returns the caller of a valid v2.0 access token', () => {
    expect(principalFromClaims(valid, expected)).toEqual({
      oid: valid.oid,
      tid: tenantId,
      name: 'Alice Adams',
      preferredUsername: 'alice@pixy.test',
      scopes: [Scopes.TasksRead, Scopes.TasksReadWrite],
      roles: [],
    });
  });

  it('accepts an app-role-only token (roles, no scp)', () => {
    const principal = principalFromClaims(
      { ...valid, scp: undefined, roles: [AppRoles.TasksAdmin] },
      expected,
    );
    expect(principal.roles).toEqual([AppRoles.TasksAdmin]);
  });

  it('rejects a token without exp', () => {
    expect(rejectionCode({ ...valid, exp: undefined })).toBe('missing_expiry');
    expect(rejectionCode({ ...valid, exp: '2000000000' })).toBe('missing_expiry');
  });

  it('rejects another tenant, even with a matching issuer string', () => {
    expect(rejectionCode({ ...valid, tid: '0f0f0f0f-1111-4222-8333-444444444444' })).toBe(
      'wrong_tenant',
    );
    expect(rejectionCode({ ...valid, tid: undefined })).toBe('wrong_tenant');
  });

  it('rejects an issuer that is not the discovered one', () => {
    expect(rejectionCode({ ...valid, iss: `${issuer}/` })).toBe('wrong_issuer');
  });

  it('rejects v1.0 tokens by ver or by the sts.windows.net issuer', () => {
    expect(rejectionCode({ ...valid, ver: '1.0' })).toBe('v1_token');
    expect(rejectionCode({ ...valid, iss: `https://sts.windows.net/${tenantId}/` })).toBe(
      'v1_token',
    );
    expect(rejectionCode({ ...valid, ver: undefined })).toBe('v1_token');
  });

  it('rejects a token that grants nothing: no scp and no roles, or empty ones', () => {
    expect(rejectionCode({ ...valid, scp: undefined })).toBe('no_permissions');
    expect(rejectionCode({ ...valid, scp: ' ', roles: [] })).toBe('no_permissions');
    expect(rejectionCode({ ...valid, scp: ['Tasks.Read'] })).toBe('no_permissions');
  });

  it('rejects a token without an object ID', () => {
    expect(rejectionCode({ ...valid, oid: '' })).toBe('missing_subject');
  });
});
