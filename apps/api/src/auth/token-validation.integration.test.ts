// The API, started for real against an in-process fake authority, facing one attack per test.
import { AppRoles, Scopes } from '@pixy/auth-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSigningKey,
  type FakeAuthority,
  type TestSigningKey,
} from '../../test-support/fake-authority.js';
import {
  startTestStack,
  testClientIds,
  type TestApi,
  type TestStack,
} from '../../test-support/test-api.js';
import { testUsers } from '@pixy/test-support';
import type { TokenBuilder } from '../../test-support/token-builder.js';

let stack: TestStack;
let authority: FakeAuthority;
let api: TestApi;
let tokens: TokenBuilder;
/** A key the JWKS publishes for encryption (`use: enc`), from the start. */
let encryptionKey: TestSigningKey;

beforeAll(async () => {
  encryptionKey = await makeSigningKey('encryption-key', 'enc');
  stack = await startTestStack({
    prepare: (fake) => {
      fake.extraJwks = [encryptionKey.jwk];
    },
  });
  ({ authority, api, tokens } = stack);
});

afterAll(() => stack?.close());

interface Problem {
  status: number;
  code: string;
  detail: string;
}

async function me(token: string | undefined, init: RequestInit = {}) {
  const response = await api.call('/api/me', {
    ...init,
    ...(token === undefined ? {} : { token }),
  });
  const body = (await response.json()) as Problem & Record<string, unknown>;
  return {
    status: response.status,
    body,
    challenge: response.headers.get('www-authenticate'),
    response,
  };
}

async function expectRejected(token: string, code: string) {
  const result = await me(token);
  expect(result.status).toBe(401);
  expect(result.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(result.challenge).toMatch(/^Bearer error="invalid_token"/);
  expect(result.body.code).toBe(code);
  return result;
}

describe('a valid access token', () => {
  it('is accepted, and /api/me describes the caller', async () => {
    const { status, body } = await me(tokens.accessToken());
    expect(status).toBe(200);
    expect(body).toEqual({
      oid: testUsers.alice.oid,
      tid: authority.tenantId,
      name: 'Alice Adams',
      preferredUsername: 'alice@pixy.test',
      scopes: [Scopes.TasksRead, Scopes.TasksReadWrite],
      roles: [],
    });
  });

  it('is accepted with the application ID URI (api://<API_CLIENT_ID>) as audience', async () => {
    const token = tokens.accessToken({ claims: { aud: `api://${testClientIds.apiClientId}` } });
    expect((await me(token)).status).toBe(200);
  });

  it('is accepted whatever the case of the Bearer scheme', async () => {
    const response = await api.call('/api/me', {
      headers: { authorization: `bEaReR ${tokens.accessToken()}` },
    });
    expect(response.status).toBe(200);
  });

  it('is accepted a few minutes after exp (clock skew), but not 6 minutes after', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await me(tokens.accessToken({ claims: { exp: now - 240 } }))).status).toBe(200);
    await expectRejected(tokens.accessToken({ claims: { exp: now - 360 } }), 'token_expired');
  });

  it('lists app roles for a user who has one', async () => {
    const token = tokens.accessToken({
      user: testUsers.ada,
      claims: { roles: [AppRoles.TasksAdmin] },
    });
    expect((await me(token)).body.roles).toEqual([AppRoles.TasksAdmin]);
  });
});

describe('no token', () => {
  it('answers 401 with a bare Bearer challenge', async () => {
    const result = await me(undefined);
    expect(result.status).toBe(401);
    expect(result.challenge).toBe('Bearer');
    expect(result.body.code).toBe('token_missing');
  });

  it('is what a token in the query string counts as', async () => {
    const response = await api.call(`/api/me?access_token=${tokens.accessToken()}`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as Problem).code).toBe('token_missing');
  });

  it('is what another Authorization scheme counts as', async () => {
    const result = await me(undefined, { headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' } });
    expect(result.status).toBe(401);
    expect(result.challenge).toBe('Bearer');
    expect(result.body.detail).toMatch(/Bearer scheme/);
  });
});

describe('malformed credentials', () => {
  const cases = {
    'two tokens': (token: string) => `Bearer ${token} ${token}`,
    'a token and junk': (token: string) => `Bearer ${token} junk`,
    'a space inside the token': (token: string) =>
      `Bearer ${token.slice(0, 30)} ${token.slice(30)}`,
    'a tab inside the token': (token: string) => `Bearer ${token.slice(0, 30)}\t${token.slice(30)}`,
    'no token after the scheme': () => 'Bearer',
  };
  for (const [name, header] of Object.entries(cases)) {
    it(`answers invalid_token, not "no token", for ${name}`, async () => {
      const result = await me(undefined, {
        headers: { authorization: header(tokens.accessToken()) },
      });
      expect(result.status).toBe(401);
      expect(result.challenge).toMatch(/^Bearer error="invalid_token"/);
      expect(result.body.code).toBe('malformed_token');
    });
  }
});

describe('a forged or broken token', () => {
  it('is rejected when alg is none', async () => {
    await expectRejected(tokens.accessToken({ alg: 'none' }), 'unsupported_algorithm');
  });

  it('is rejected when signed with HS256 keyed with the public key', async () => {
    const token = tokens.accessToken({ alg: 'HS256', hmacSecret: authority.activeKey.publicPem });
    await expectRejected(token, 'unsupported_algorithm');
  });

  it('is rejected when signed with a foreign key under a real kid', async () => {
    const foreign = await makeSigningKey(authority.activeKey.kid);
    await expectRejected(tokens.accessToken({ key: foreign }), 'invalid_signature');
  });

  it('is rejected when its kid is unknown to the authority', async () => {
    const stranger = await makeSigningKey();
    await expectRejected(tokens.accessToken({ key: stranger }), 'unknown_signing_key');
  });

  it('is rejected when its payload was changed after signing', async () => {
    const token = tokens.accessToken({
      claims: { scp: Scopes.TasksRead },
      tamper: (claims) => ({ ...claims, roles: [AppRoles.TasksAdmin] }),
    });
    await expectRejected(token, 'invalid_signature');
  });

  it('is rejected when its crit header names an extension', async () => {
    const token = tokens.accessToken({ header: { crit: ['exp'], exp: 1 } });
    await expectRejected(token, 'unsupported_critical_header');
  });

  it("never fetches keys from the token's jku", async () => {
    const attacker = await makeSigningKey('attacker-key');
    authority.attackerKeys = [attacker];
    const token = tokens.accessToken({ key: attacker, header: { jku: authority.attackerJwksUrl } });
    await expectRejected(token, 'unknown_signing_key');
    expect(authority.hits.get('/attacker/keys') ?? 0).toBe(0);
  });

  it("never uses a key the token's header carries or points to (jwk, x5c, x5u)", async () => {
    const attacker = await makeSigningKey(authority.activeKey.kid);
    const token = tokens.accessToken({
      key: attacker,
      header: {
        jwk: attacker.jwk,
        x5c: [attacker.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')],
        x5u: authority.attackerJwksUrl,
      },
    });
    await expectRejected(token, 'invalid_signature');
  });

  it('never verifies with a key the JWKS publishes for encryption (use: enc)', async () => {
    await expectRejected(tokens.accessToken({ key: encryptionKey }), 'unknown_signing_key');
  });

  it('is rejected early when oversized', async () => {
    // Longer than any Entra token, still under Node's 16 KB header limit.
    const token = tokens.accessToken({ claims: { padding: 'x'.repeat(10_000) } });
    expect(token.length).toBeGreaterThan(12 * 1024);
    const { body } = await expectRejected(token, 'token_too_large');
    expect(body.detail).toMatch(/longer than/);
  });

  it('gets 431, not a server error, when the headers exceed what the server reads', async () => {
    const token = tokens.accessToken({ claims: { padding: 'x'.repeat(20_000) } });
    expect((await api.call('/api/me', { token })).status).toBe(431);
  });

  it('is rejected when it is not a JWT at all', async () => {
    await expectRejected('not-a-jwt', 'malformed_token');
  });
});

describe('a genuine token with the wrong claims', () => {
  it('is rejected when expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = tokens.accessToken({
      claims: { iat: now - 7200, nbf: now - 7200, exp: now - 3600 },
    });
    await expectRejected(token, 'token_expired');
  });

  it('is rejected when nbf is in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = tokens.accessToken({ claims: { nbf: now + 900, exp: now + 4500 } });
    await expectRejected(token, 'token_not_yet_valid');
  });

  it('is rejected without exp', async () => {
    await expectRejected(tokens.accessToken({ claims: { exp: undefined } }), 'missing_expiry');
  });

  it('is rejected from another issuer', async () => {
    const token = tokens.accessToken({ claims: { iss: 'https://evil.example/authority/v2.0' } });
    const { body } = await expectRejected(token, 'wrong_issuer');
    expect(body.detail).toContain(authority.issuer);
  });

  it('is rejected from another authority', async () => {
    const other = '0f0f0f0f-1111-4222-8333-444444444444';
    const token = tokens.accessToken({
      claims: { tid: other, iss: authority.issuer.replace(authority.tenantId, other) },
    });
    const { body } = await expectRejected(token, 'wrong_tenant');
    expect(body.detail).toContain(authority.tenantId);
  });

  it('is rejected as a v1.0 token, with the requestedAccessTokenVersion hint', async () => {
    const token = tokens.accessToken({
      claims: {
        ver: '1.0',
        iss: `https://sts.windows.net/${authority.tenantId}/`,
        aud: `api://${testClientIds.apiClientId}`,
      },
    });
    const { body } = await expectRejected(token, 'v1_token');
    expect(body.detail).toMatch(/"requestedAccessTokenVersion": 2/);
  });

  it('is rejected when it is an ID token (audience = the SPA), saying so', async () => {
    const token = tokens.accessToken({
      claims: { aud: testClientIds.spaClientId, nonce: 'n-0S6', scp: undefined },
    });
    const { body } = await expectRejected(token, 'id_token_sent');
    expect(body.detail).toMatch(/ID token/);
    expect(body.detail).toContain(`api://${testClientIds.apiClientId}/${Scopes.TasksRead}`);
  });

  it('is rejected when it is a Microsoft Graph token, naming Graph', async () => {
    const token = tokens.accessToken({
      claims: { aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read' },
    });
    const { body } = await expectRejected(token, 'graph_token_sent');
    expect(body.detail).toMatch(/Microsoft Graph \(00000003-0000-0000-c000-000000000000\)/);
    expect(body.detail).toContain(`api://${testClientIds.apiClientId}/${Scopes.TasksRead}`);
  });

  it('is rejected for any other audience', async () => {
    const token = tokens.accessToken({ claims: { aud: 'api://someone-else' } });
    await expectRejected(token, 'wrong_audience');
  });

  it('is rejected when it names several audiences, even if one is this API', async () => {
    const token = tokens.accessToken({
      claims: { aud: [testClientIds.apiClientId, 'api://someone-else'] },
    });
    await expectRejected(token, 'wrong_audience');
  });

  it('is rejected when exp is not a number (not mistaken for a bad signature)', async () => {
    await expectRejected(tokens.accessToken({ claims: { exp: 'tomorrow' } }), 'malformed_token');
  });

  it('is rejected when it carries neither scp nor roles', async () => {
    await expectRejected(tokens.accessToken({ claims: { scp: undefined } }), 'no_permissions');
  });

  it('is rejected without an oid', async () => {
    await expectRejected(tokens.accessToken({ claims: { oid: undefined } }), 'missing_subject');
  });
});

describe('authorization', () => {
  it('answers 403 insufficient_scope naming the scope when a scope is missing', async () => {
    const token = tokens.accessToken({ user: testUsers.riley, claims: { scp: Scopes.TasksRead } });
    const response = await api.call('/api/tasks', {
      token,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Read more' }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="api://${testClientIds.apiClientId}/${Scopes.TasksReadWrite}", ` +
        `error_description="${((await response.clone().json()) as Problem).detail}"`,
    );
    expect(((await response.json()) as Problem).code).toBe('insufficient_scope');
    expect((await api.call('/api/tasks', { token })).status).toBe(200);
  });

  it('matches scopes exactly: substrings, prefixes and case do not count', async () => {
    for (const scp of [
      'Tasks.ReadWriteX',
      'Tasks.Rea',
      'tasks.readwrite',
      'Tasks.ReadWrite.All',
      'xTasks.Read',
    ]) {
      const token = tokens.accessToken({ claims: { scp } });
      expect((await api.call('/api/tasks', { token })).status, scp).toBe(403);
    }
  });

  it('answers 403 naming the role when an app role is missing', async () => {
    const response = await api.call('/api/admin/tasks', { token: tokens.accessToken() });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope"/);
    expect(response.headers.get('www-authenticate')).not.toMatch(/scope="/);
    const body = (await response.json()) as Problem;
    expect(body.code).toBe('missing_role');
    expect(body.detail).toContain(AppRoles.TasksAdmin);
  });

  it('matches roles exactly: substrings, prefixes and case do not count', async () => {
    for (const role of ['Tasks.Administrator', 'tasks.admin', 'Tasks.Admi', 'Tasks.Admin ']) {
      const token = tokens.accessToken({ user: testUsers.ada, claims: { roles: [role] } });
      expect((await api.call('/api/admin/tasks', { token })).status, role).toBe(403);
    }
    const scpTrick = tokens.accessToken({ claims: { scp: AppRoles.TasksAdmin } });
    expect((await api.call('/api/admin/tasks', { token: scpTrick })).status).toBe(403);
  });

  it('lets an app role through to the admin route', async () => {
    const token = tokens.accessToken({
      user: testUsers.ada,
      claims: { roles: [AppRoles.TasksAdmin] },
    });
    expect((await api.call('/api/admin/tasks', { token })).status).toBe(200);
  });

  it('leaves /health, /docs and /docs-json public', async () => {
    expect((await api.call('/health')).status).toBe(200);
    expect((await api.call('/docs')).status).toBe(200);
    expect((await api.call('/docs-json')).status).toBe(200);
  });
});
