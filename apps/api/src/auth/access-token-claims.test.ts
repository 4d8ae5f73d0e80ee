import { AppPermissions, AppRoles, Scopes } from '@pixy/auth-contract';
import { personalAccountsTenantId } from '@pixy/config';
import { describe, expect, it } from 'vitest';
import { principalFromClaims, type ClaimExpectations } from './access-token-claims.js';
import { TokenRejection } from './token-rejection.js';

const tenantId = '9f1c2b3a-7d4e-4c5b-8a69-0e1f2a3b4c5d';
const fabrikam = 'fab41ca0-0000-4000-8000-00000000fab1';
const apiClientId = '6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f';
const spaClientId = '4a6b8c0d-2e4f-4a61-8b7c-9d0e1f2a3b4c';
const daemonClientId = 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d';
const host = 'https://login.microsoftonline.com';
const issuerOf = (tenant: string) => `${host}/${tenant}/v2.0`;

const options: ClaimExpectations['options'] = {
  tenancy: { kind: 'single', tenantId },
  apiClientId,
  audiences: [apiClientId, `api://${apiClientId}`],
  allowedClientIds: new Set([spaClientId, daemonClientId]),
  signInClientIds: [spaClientId],
  allowGuests: true,
};
const single: ClaimExpectations = { options, issuer: issuerOf(tenantId), keyIssuer: undefined };
const multi = (
  allowedTenants: '*' | string[],
  authorityTenant: 'organizations' | 'common' = 'organizations',
): ClaimExpectations => ({
  options: {
    ...options,
    tenancy: {
      kind: 'multi',
      authorityTenant,
      allowedTenants: allowedTenants === '*' ? '*' : new Set(allowedTenants),
    },
  },
  issuer: `${host}/{tenantid}/v2.0`,
  keyIssuer: `${host}/{tenantid}/v2.0`,
});

const user = {
  aud: apiClientId,
  iss: issuerOf(tenantId),
  tid: tenantId,
  azp: spaClientId,
  oid: '1a1a1a1a-0000-4000-8000-00000000a11c',
  exp: 2_000_000_000,
  ver: '2.0',
  scp: `${Scopes.TasksRead} ${Scopes.TasksReadWrite}`,
  name: 'Alice Adams',
  preferred_username: 'alice@pixy.test',
};
const app = {
  aud: apiClientId,
  iss: issuerOf(tenantId),
  tid: tenantId,
  azp: daemonClientId,
  oid: '5e5e5e5e-0000-4000-8000-0000000da3e0',
  sub: '5e5e5e5e-0000-4000-8000-0000000da3e0',
  idtyp: 'app',
  exp: 2_000_000_000,
  ver: '2.0',
  roles: [AppPermissions.TasksReadAll],
};

function rejectionCode(claims: Record<string, unknown>, expected = single): string {
  try {
    principalFromClaims(claims, expected);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejection);
    return (error as TokenRejection).code;
  }
  throw new Error('expected a TokenRejection');
}

describe('principalFromClaims: a user', () => {
  it('returns the caller of a valid v2.0 access token', () => {
    expect(principalFromClaims(user, single)).toEqual({
      kind: 'user',
      oid: user.oid,
      tid: tenantId,
      clientId: spaClientId,
      name: 'Alice Adams',
      preferredUsername: 'alice@pixy.test',
      scopes: [Scopes.TasksRead, Scopes.TasksReadWrite],
      roles: [],
      authContexts: [],
      clientCapabilities: [],
    });
  });

  it('reads the authentication contexts (acrs) and the client capabilities (xms_cc, any case)', () => {
    const principal = principalFromClaims({ ...user, acrs: ['c1', 7], xms_cc: ['CP1'] }, single);
    expect(principal.authContexts).toEqual(['c1']);
    expect(principal.clientCapabilities).toEqual(['cp1']);
    expect(principalFromClaims({ ...user, acrs: 'c1', xms_cc: 'cp1' }, single)).toMatchObject({
      authContexts: [],
      clientCapabilities: [],
    });
  });

  it('accepts the application ID URI as audience, and only one audience', () => {
    expect(principalFromClaims({ ...user, aud: `api://${apiClientId}` }, single).oid).toBe(
      user.oid,
    );
    expect(rejectionCode({ ...user, aud: [apiClientId] })).toBe('wrong_audience');
    expect(rejectionCode({ ...user, aud: spaClientId })).toBe('id_token_sent');
    expect(rejectionCode({ ...user, aud: 'https://graph.microsoft.com' })).toBe('graph_token_sent');
  });

  it('rejects a token without exp', () => {
    expect(rejectionCode({ ...user, exp: undefined })).toBe('missing_expiry');
  });

  it('rejects another tenant, even with a matching issuer string', () => {
    expect(rejectionCode({ ...user, tid: fabrikam })).toBe('wrong_tenant');
    expect(rejectionCode({ ...user, tid: undefined })).toBe('wrong_tenant');
  });

  it('rejects an issuer that is not the discovered one', () => {
    expect(rejectionCode({ ...user, iss: `${issuerOf(tenantId)}/` })).toBe('wrong_issuer');
  });

  it('rejects v1.0 tokens by ver or by the sts.windows.net issuer', () => {
    expect(rejectionCode({ ...user, ver: '1.0' })).toBe('v1_token');
    expect(rejectionCode({ ...user, iss: `https://sts.windows.net/${tenantId}/` })).toBe(
      'v1_token',
    );
    expect(rejectionCode({ ...user, ver: undefined })).toBe('v1_token');
  });

  it('rejects a client app that is not allowed, or none (azp)', () => {
    expect(rejectionCode({ ...user, azp: '11111111-2222-4333-8444-555555555555' })).toBe(
      'client_app_not_allowed',
    );
    expect(rejectionCode({ ...user, azp: undefined })).toBe('client_app_not_allowed');
    expect(principalFromClaims({ ...user, azp: spaClientId.toUpperCase() }, single).clientId).toBe(
      spaClientId,
    );
  });

  it('rejects a token that grants nothing: no scp and no roles, or empty ones', () => {
    expect(rejectionCode({ ...user, idtyp: 'user', scp: undefined })).toBe('no_permissions');
    expect(rejectionCode({ ...user, scp: ' ', roles: [] })).toBe('no_permissions');
  });

  it('rejects a token without an object ID', () => {
    expect(rejectionCode({ ...user, oid: '' })).toBe('missing_subject');
  });

  it('refuses guests only when told to: acct 1, or idp other than the issuer', () => {
    const noGuests = { ...single, options: { ...options, allowGuests: false } };
    expect(principalFromClaims({ ...user, acct: 1 }, single).oid).toBe(user.oid);
    expect(rejectionCode({ ...user, acct: 1 }, noGuests)).toBe('guest_not_allowed');
    expect(rejectionCode({ ...user, idp: 'live.com' }, noGuests)).toBe('guest_not_allowed');
    expect(principalFromClaims({ ...user, acct: 0, idp: user.iss }, noGuests).oid).toBe(user.oid);
  });
});

describe('principalFromClaims: an application', () => {
  it('returns an app caller with its application permissions and no scopes', () => {
    expect(principalFromClaims(app, single)).toEqual({
      kind: 'app',
      oid: app.oid,
      tid: tenantId,
      clientId: daemonClientId,
      name: undefined,
      preferredUsername: undefined,
      scopes: [],
      roles: [AppPermissions.TasksReadAll],
      authContexts: [],
      clientCapabilities: [],
    });
  });

  it('is recognised by idtyp, else by the absence of scp', () => {
    expect(principalFromClaims({ ...app, idtyp: undefined }, single).kind).toBe('app');
    expect(principalFromClaims({ ...user, idtyp: undefined }, single).kind).toBe('user');
    expect(
      principalFromClaims(
        { ...user, idtyp: 'user', scp: undefined, roles: [AppRoles.TasksAdmin] },
        single,
      ).kind,
    ).toBe('user');
    expect(rejectionCode({ ...user, idtyp: 'device' })).toBe('unsupported_token_type');
  });

  it('ignores scp in an app-only token: an app holds no delegated scope', () => {
    expect(principalFromClaims({ ...app, scp: Scopes.TasksReadWrite }, single).scopes).toEqual([]);
  });

  it('rejects an app-only token without application permissions', () => {
    expect(rejectionCode({ ...app, roles: [] })).toBe('no_permissions');
  });
});

describe('principalFromClaims: multi-tenant', () => {
  const fabrikamUser = { ...user, tid: fabrikam, iss: issuerOf(fabrikam) };

  it('fills the issuer template with the token’s own tenant', () => {
    expect(principalFromClaims(fabrikamUser, multi([tenantId, fabrikam])).tid).toBe(fabrikam);
    expect(principalFromClaims(fabrikamUser, multi('*')).tid).toBe(fabrikam);
  });

  it('refuses a tenant that is not allowed', () => {
    expect(rejectionCode(fabrikamUser, multi([tenantId]))).toBe('tenant_not_allowed');
  });

  it('refuses iss and tid that disagree', () => {
    expect(rejectionCode({ ...fabrikamUser, iss: issuerOf(tenantId) }, multi('*'))).toBe(
      'wrong_issuer',
    );
  });

  it('refuses a tid that is not a GUID', () => {
    expect(
      rejectionCode({ ...user, tid: 'contoso.com', iss: issuerOf('contoso.com') }, multi('*')),
    ).toBe('wrong_tenant');
  });

  it('checks the signing key’s own issuer (templated or literal)', () => {
    const personalKey = { ...multi('*'), keyIssuer: issuerOf(personalAccountsTenantId) };
    expect(rejectionCode(fabrikamUser, personalKey)).toBe('wrong_key_issuer');
    const fabrikamKey = { ...multi('*'), keyIssuer: issuerOf(fabrikam) };
    expect(principalFromClaims(fabrikamUser, fabrikamKey).tid).toBe(fabrikam);
  });

  it('takes personal accounts only through /common, when their tenant is allowed', () => {
    const personal = {
      ...user,
      tid: personalAccountsTenantId,
      iss: issuerOf(personalAccountsTenantId),
    };
    expect(rejectionCode(personal, multi('*'))).toBe('personal_account_not_allowed');
    expect(rejectionCode(personal, multi([tenantId], 'common'))).toBe('tenant_not_allowed');
    expect(principalFromClaims(personal, multi([personalAccountsTenantId], 'common')).tid).toBe(
      personalAccountsTenantId,
    );
  });
});
