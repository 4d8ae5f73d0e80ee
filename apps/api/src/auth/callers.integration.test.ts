// Who may call, through the real API: the client app that asked for the token (`azp`,
// AUTH_ALLOWED_CLIENT_IDS), and users vs applications on every route — an app-only token
// passes only an application-permission requirement, a user token never does.
import { randomUUID } from 'node:crypto';
import { AppPermissions, AppRoles, Scopes } from '@pixy/auth-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TasksStore } from '../tasks/tasks-store.js';
import type { FakeAuthority } from '../../test-support/fake-authority.js';
import {
  startTestApi,
  startTestStack,
  testClientIds,
  type TestApi,
  type TestStack,
} from '../../test-support/test-api.js';
import { testUsers } from '@pixy/test-support';
import type { TokenBuilder } from '../../test-support/token-builder.js';

let stack: TestStack;
let authority: FakeAuthority;
let store: TasksStore;
let api: TestApi;
let tokens: TokenBuilder;

beforeAll(async () => {
  stack = await startTestStack();
  ({ authority, store, api, tokens } = stack);
});

afterAll(() => stack?.close());

async function send(token: string, method: string, path: string, body?: unknown) {
  const response = await api.call(path, {
    method,
    token,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
  return {
    status: response.status,
    code: parsed.code,
    body: parsed,
    challenge: response.headers.get('www-authenticate'),
  };
}

describe('the calling client app (azp)', () => {
  it('is accepted for each app the API knows: the SPA, the OpenAPI UI, the daemon', async () => {
    for (const azp of [testClientIds.spaClientId, testClientIds.openApiClientId]) {
      expect((await send(tokens.accessToken({ claims: { azp } }), 'GET', '/api/me')).status).toBe(
        200,
      );
    }
    expect((await send(tokens.appToken(), 'GET', '/api/admin/tasks')).status).toBe(200);
  });

  it('refuses a token another client app asked for', async () => {
    const token = tokens.accessToken({ claims: { azp: randomUUID() } });
    const result = await send(token, 'GET', '/api/me');
    expect(result).toMatchObject({ status: 401, code: 'client_app_not_allowed' });
    expect(result.challenge).toMatch(/^Bearer error="invalid_token"/);
    expect(result.body.detail).toMatch(/AUTH_ALLOWED_CLIENT_IDS/);
  });

  it('refuses a token shaped like an ID token (no azp, no scp, a role) at the admin route', async () => {
    const token = tokens.accessToken({
      user: testUsers.ada,
      claims: { azp: undefined, azpacr: undefined, scp: undefined, roles: [AppRoles.TasksAdmin] },
    });
    expect(await send(token, 'GET', '/api/admin/tasks')).toMatchObject({
      status: 401,
      code: 'client_app_not_allowed',
    });
  });

  it('follows AUTH_ALLOWED_CLIENT_IDS, which replaces the default list', async () => {
    const partnerApp = randomUUID();
    const custom = await startTestApi(authority, store, {
      env: { AUTH_ALLOWED_CLIENT_IDS: partnerApp },
    });
    try {
      const status = async (azp: string) =>
        (await custom.call('/api/me', { token: tokens.accessToken({ claims: { azp } }) })).status;
      expect(await status(partnerApp)).toBe(200);
      expect(await status(testClientIds.spaClientId)).toBe(401);
    } finally {
      await custom.close();
    }
  });
});

/** Every route of the API, with a body where it needs one. */
const routes: Array<{ method: string; path: (taskId: string) => string; body?: unknown }> = [
  { method: 'GET', path: () => '/api/me' },
  { method: 'GET', path: () => '/api/me/profile' },
  { method: 'DELETE', path: () => '/api/tasks' },
  { method: 'GET', path: () => '/api/tasks' },
  { method: 'POST', path: () => '/api/tasks', body: { title: 'From an app?' } },
  { method: 'GET', path: (id) => `/api/tasks/${id}` },
  { method: 'PATCH', path: (id) => `/api/tasks/${id}`, body: { done: true } },
  { method: 'DELETE', path: (id) => `/api/tasks/${id}` },
];

describe('users and applications', () => {
  let taskId: string;
  beforeAll(async () => {
    const created = await send(tokens.accessToken(), 'POST', '/api/tasks', { title: 'Alice’s' });
    taskId = created.body.id as string;
  });

  for (const route of routes) {
    it(`refuses an app-only token at ${route.method} ${route.path(':id')} with 403`, async () => {
      const result = await send(tokens.appToken(), route.method, route.path(taskId), route.body);
      expect(result).toMatchObject({ status: 403, code: 'user_token_required' });
      expect(result.challenge).toMatch(/^Bearer error="insufficient_scope"/);
    });
  }

  it('lets an app with Tasks.Read.All read every task, with no user', async () => {
    const result = await send(tokens.appToken(), 'GET', '/api/admin/tasks');
    expect(result.status).toBe(200);
  });

  it('refuses an app-only token that carries the user role Tasks.Admin instead', async () => {
    const token = tokens.appToken({ claims: { roles: [AppRoles.TasksAdmin] } });
    const result = await send(token, 'GET', '/api/admin/tasks');
    expect(result).toMatchObject({ status: 403, code: 'missing_app_permission' });
    expect(result.body.requiredAppPermissions).toEqual([AppPermissions.TasksReadAll]);
  });

  it('refuses a user token that carries the application permission instead of the role', async () => {
    const token = tokens.accessToken({ claims: { roles: [AppPermissions.TasksReadAll] } });
    const result = await send(token, 'GET', '/api/admin/tasks');
    expect(result).toMatchObject({ status: 403, code: 'missing_role' });
    expect(result.body.requiredRoles).toEqual([AppRoles.TasksAdmin]);
  });

  it('lets a user with the Tasks.Admin role read every task', async () => {
    const token = tokens.accessToken({
      user: testUsers.ada,
      claims: { roles: [AppRoles.TasksAdmin] },
    });
    expect((await send(token, 'GET', '/api/admin/tasks')).status).toBe(200);
  });

  it('never lets an app-only token pass a scope requirement, even carrying scp', async () => {
    const token = tokens.appToken({ claims: { scp: Scopes.TasksReadWrite } });
    expect(await send(token, 'GET', '/api/tasks')).toMatchObject({
      status: 403,
      code: 'user_token_required',
    });
  });

  it('tells apps from users without idtyp: no scp means an app', async () => {
    const app = tokens.appToken({ claims: { idtyp: undefined } });
    expect((await send(app, 'GET', '/api/admin/tasks')).status).toBe(200);
    expect((await send(app, 'GET', '/api/me')).code).toBe('user_token_required');
    const user = tokens.accessToken({ claims: { idtyp: undefined } });
    expect((await send(user, 'GET', '/api/me')).status).toBe(200);
  });

  it('believes idtyp over the claims’ shape: a user token without scp is still a user', async () => {
    const token = tokens.accessToken({
      user: testUsers.ada,
      claims: { idtyp: 'user', scp: undefined, roles: [AppRoles.TasksAdmin] },
    });
    expect((await send(token, 'GET', '/api/admin/tasks')).status).toBe(200);
    expect((await send(token, 'GET', '/api/tasks')).code).toBe('insufficient_scope');
  });

  it('refuses a token type it does not know (idtyp)', async () => {
    const token = tokens.accessToken({ claims: { idtyp: 'device' } });
    expect(await send(token, 'GET', '/api/me')).toMatchObject({
      status: 401,
      code: 'unsupported_token_type',
    });
  });

  it('refuses an app-only token without any application permission', async () => {
    const token = tokens.appToken({ claims: { roles: undefined } });
    expect(await send(token, 'GET', '/api/admin/tasks')).toMatchObject({
      status: 401,
      code: 'no_permissions',
    });
  });
});
