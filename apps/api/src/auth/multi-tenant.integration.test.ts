// Multi-tenant authorities (/organizations, /common) through the real API and the fake
// authority: the tenant allow-list, the templated issuer, the signing-key issuer,
// personal accounts, guests, and tasks kept apart per tenant. The core attacks run
// against the single-tenant and the multi-tenant configuration alike.
import { randomUUID } from 'node:crypto';
import { AppRoles } from '@pixy/auth-contract';
import { personalAccountsTenantId } from '@pixy/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTasksStore, type TasksStore } from '../tasks/tasks-store.js';
import {
  fabrikamTenantId,
  makeSigningKey,
  startFakeAuthority,
  type FakeAuthority,
  type TestSigningKey,
} from '../../test-support/fake-authority.js';
import { startTestApi, testClientIds, type TestApi } from '../../test-support/test-api.js';
import { testUsers } from '@pixy/test-support';
import { TokenBuilder } from '../../test-support/token-builder.js';

let authority: FakeAuthority;
let store: TasksStore;
let tokens: TokenBuilder;
/** A key the JWKS publishes for Fabrikam's issuer only (as a tenant-specific key). */
let fabrikamOnlyKey: TestSigningKey;
const apis: Record<string, TestApi> = {};

/** APIs on one authority: the home tenant is authority.tenantId, the partner Fabrikam. */
const configurations = {
  single: {},
  organizations: { AUTH_ALLOWED_TENANTS: 'HOME,FABRIKAM' },
  anyTenant: { AUTH_ALLOWED_TENANTS: '*' },
  common: { AUTH_ALLOWED_TENANTS: `HOME,${personalAccountsTenantId}` },
  commonWorkOnly: { AUTH_ALLOWED_TENANTS: 'HOME' },
  noGuests: { AUTH_ALLOWED_TENANTS: 'HOME', AUTH_ALLOW_GUESTS: 'false' },
} as const;

beforeAll(async () => {
  [authority, store] = await Promise.all([startFakeAuthority(), openTasksStore('memory://')]);
  tokens = new TokenBuilder(authority, testClientIds);
  // Published before the APIs first fetch the key set (a kid seen later waits for a cooldown).
  fabrikamOnlyKey = await makeSigningKey();
  authority.extraJwks = [{ ...fabrikamOnlyKey.jwk, issuer: authority.issuerOf(fabrikamTenantId) }];
  for (const [name, env] of Object.entries(configurations)) {
    const segment =
      name === 'single'
        ? authority.tenantId
        : name.startsWith('common')
          ? 'common'
          : 'organizations';
    const vars: Record<string, string> = { AUTH_AUTHORITY: `${authority.origin}/${segment}` };
    for (const [key, value] of Object.entries(env)) {
      vars[key] = value.replace('HOME', authority.tenantId).replace('FABRIKAM', fabrikamTenantId);
    }
    apis[name] = await startTestApi(authority, store, { env: vars });
  }
});

afterAll(async () => {
  for (const api of Object.values(apis)) await api.close();
  await store?.close();
  await authority?.close();
});

async function call(api: keyof typeof configurations, token: string, path = '/api/me') {
  const response = await apis[api]!.call(path, { token });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, code: body.code, body };
}

describe('a multi-tenant API (/organizations)', () => {
  it('accepts every allowed tenant, each token checked against its own issuer', async () => {
    for (const tenant of [authority.tenantId, fabrikamTenantId]) {
      const result = await call('organizations', tokens.accessToken({ tenant }));
      expect(result.status, tenant).toBe(200);
      expect(result.body.tid).toBe(tenant);
    }
  });

  it('refuses a tenant that AUTH_ALLOWED_TENANTS does not list', async () => {
    const result = await call('organizations', tokens.accessToken({ tenant: randomUUID() }));
    expect(result).toMatchObject({ status: 401, code: 'tenant_not_allowed' });
    expect(result.body.detail).toMatch(/AUTH_ALLOWED_TENANTS/);
  });

  it('accepts any tenant with AUTH_ALLOWED_TENANTS=*', async () => {
    expect((await call('anyTenant', tokens.accessToken({ tenant: randomUUID() }))).status).toBe(
      200,
    );
  });

  it('refuses a token whose iss names another tenant than its tid', async () => {
    const token = tokens.accessToken({
      tenant: authority.tenantId,
      claims: { iss: authority.issuerOf(fabrikamTenantId) },
    });
    expect(await call('organizations', token)).toMatchObject({ status: 401, code: 'wrong_issuer' });
  });

  it('refuses a tid that is not a GUID, whatever the issuer says', async () => {
    const token = tokens.accessToken({ tenant: 'contoso.onmicrosoft.com' });
    expect(await call('anyTenant', token)).toMatchObject({ status: 401, code: 'wrong_tenant' });
  });

  it('refuses a personal account, even with every tenant allowed', async () => {
    const token = tokens.accessToken({ tenant: personalAccountsTenantId });
    expect(await call('anyTenant', token)).toMatchObject({
      status: 401,
      code: 'personal_account_not_allowed',
    });
  });

  it('refuses a key that names another issuer than the token’s (signing-key issuer)', async () => {
    const token = tokens.accessToken({ tenant: authority.tenantId, key: fabrikamOnlyKey });
    expect(await call('organizations', token)).toMatchObject({
      status: 401,
      code: 'wrong_key_issuer',
    });
    const fabrikam = tokens.accessToken({ tenant: fabrikamTenantId, key: fabrikamOnlyKey });
    expect((await call('organizations', fabrikam)).status).toBe(200);
  });

  it('accepts app-only tokens from an allowed tenant', async () => {
    const token = tokens.appToken({ tenant: fabrikamTenantId });
    expect((await call('organizations', token, '/api/admin/tasks')).status).toBe(200);
    const stranger = tokens.appToken({ tenant: randomUUID() });
    expect(await call('organizations', stranger, '/api/admin/tasks')).toMatchObject({
      status: 401,
      code: 'tenant_not_allowed',
    });
  });
});

describe('a multi-tenant API with personal accounts (/common)', () => {
  it('accepts a personal account when its tenant is allowed', async () => {
    const token = tokens.accessToken({
      tenant: personalAccountsTenantId,
      key: authority.personalAccountsKey,
    });
    const result = await call('common', token);
    expect(result.status).toBe(200);
    expect(result.body.tid).toBe(personalAccountsTenantId);
  });

  it('refuses a personal account when its tenant is not allowed', async () => {
    const token = tokens.accessToken({
      tenant: personalAccountsTenantId,
      key: authority.personalAccountsKey,
    });
    expect(await call('commonWorkOnly', token)).toMatchObject({
      status: 401,
      code: 'tenant_not_allowed',
    });
  });

  it("refuses a work account's token signed with the personal-accounts key", async () => {
    const token = tokens.accessToken({
      tenant: authority.tenantId,
      key: authority.personalAccountsKey,
    });
    expect(await call('common', token)).toMatchObject({ status: 401, code: 'wrong_key_issuer' });
  });
});

describe('guests', () => {
  const guest = { acct: 1, idp: 'https://sts.windows.net/fab41ca0-0000-4000-8000-00000000fab1/' };

  it('are accepted by default', async () => {
    expect((await call('organizations', tokens.accessToken({ claims: guest }))).status).toBe(200);
  });

  it('are refused with AUTH_ALLOW_GUESTS=false, by acct or by idp', async () => {
    for (const claims of [{ acct: 1 }, { idp: guest.idp }]) {
      expect(await call('noGuests', tokens.accessToken({ claims }))).toMatchObject({
        status: 401,
        code: 'guest_not_allowed',
      });
    }
    expect((await call('noGuests', tokens.accessToken({ claims: { acct: 0 } }))).status).toBe(200);
  });
});

describe('tenants and data', () => {
  it('keeps the same oid in two tenants apart: each sees only its own tasks', async () => {
    const api = apis.organizations!;
    const home = tokens.accessToken({ tenant: authority.tenantId });
    const partner = tokens.accessToken({ tenant: fabrikamTenantId });
    const create = (token: string, title: string) =>
      api.call('/api/tasks', {
        token,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      });
    const created = (await (await create(home, 'Home task')).json()) as { id: string };
    expect((await create(partner, 'Partner task')).status).toBe(201);

    const titles = async (token: string) =>
      ((await (await api.call('/api/tasks', { token })).json()) as Array<{ title: string }>).map(
        (task) => task.title,
      );
    expect(await titles(home)).toEqual(['Home task']);
    expect(await titles(partner)).toEqual(['Partner task']);
    expect((await api.call(`/api/tasks/${created.id}`, { token: partner })).status).toBe(404);

    const admin = tokens.accessToken({
      user: testUsers.ada,
      claims: { roles: [AppRoles.TasksAdmin] },
    });
    const owners = (
      (await (await api.call('/api/admin/tasks', { token: admin })).json()) as Array<{
        owner: { tenantId: string; objectId: string };
      }>
    ).map((task) => task.owner.tenantId);
    expect(owners).toEqual(expect.arrayContaining([authority.tenantId, fabrikamTenantId]));
  });
});

describe('the same attacks against single- and multi-tenant configurations', () => {
  const attacks: Record<string, [() => string | Promise<string>, string]> = {
    'alg none': [() => tokens.accessToken({ alg: 'none' }), 'unsupported_algorithm'],
    'a foreign key under a real kid': [
      async () => tokens.accessToken({ key: await makeSigningKey(authority.activeKey.kid) }),
      'invalid_signature',
    ],
    'an unknown kid': [
      async () => tokens.accessToken({ key: await makeSigningKey() }),
      'unknown_signing_key',
    ],
    expired: [
      () => tokens.accessToken({ claims: { exp: Math.floor(Date.now() / 1000) - 3600 } }),
      'token_expired',
    ],
    'another audience': [
      () => tokens.accessToken({ claims: { aud: 'api://someone-else' } }),
      'wrong_audience',
    ],
    'another client app': [
      () => tokens.accessToken({ claims: { azp: randomUUID() } }),
      'client_app_not_allowed',
    ],
    'a v1 token': [
      () =>
        tokens.accessToken({
          claims: { ver: '1.0', iss: `https://sts.windows.net/${authority.tenantId}/` },
        }),
      'v1_token',
    ],
  };
  for (const api of ['single', 'organizations'] as const) {
    for (const [name, [mint, code]] of Object.entries(attacks)) {
      it(`${api}: refuses ${name}`, async () => {
        expect(await call(api, await mint())).toMatchObject({ status: 401, code });
      });
    }
  }
});
