// Conditional Access step-up through the real API: DELETE /api/tasks needs the
// authentication context AUTH_STEP_UP_CONTEXT in `acrs`. Without it, a client that can
// answer claims challenges (xms_cc: cp1) gets one, exactly as Entra shapes it; any other
// client gets 403; a token that has the context goes through.
import { Scopes } from '@pixy/auth-contract';
import { testUsers } from '@pixy/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAuthority } from '../../test-support/fake-authority.js';
import {
  startTestApi,
  startTestStack,
  testClientIds,
  type TestApi,
  type TestStack,
} from '../../test-support/test-api.js';
import type { TokenBuilder } from '../../test-support/token-builder.js';

let stack: TestStack;
let authority: FakeAuthority;
let api: TestApi;
let tokens: TokenBuilder;

beforeAll(async () => {
  stack = await startTestStack();
  ({ authority, api, tokens } = stack);
});

afterAll(() => stack?.close());

const capable = { xms_cc: ['CP1'] };

async function deleteAll(token: string, on: TestApi = api) {
  const response = await on.call('/api/tasks', {
    method: 'DELETE',
    token,
    headers: { origin: 'https://localhost:5173' },
  });
  const text = await response.text();
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    exposed: response.headers.get('access-control-expose-headers'),
    body: (text === '' ? {} : JSON.parse(text)) as { code?: string; claims?: string },
  };
}

async function titles(token: string): Promise<string[]> {
  const response = await api.call('/api/tasks', { token });
  return ((await response.json()) as Array<{ title: string }>).map((task) => task.title);
}

describe('DELETE /api/tasks (step-up)', () => {
  it('challenges a CP1 client without the context, exactly as Entra documents', async () => {
    const result = await deleteAll(tokens.accessToken({ claims: capable }));
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    expect(result.status).toBe(401);
    expect(result.challenge).toBe(
      `Bearer realm="", authorization_uri="${authority.authority}/oauth2/v2.0/authorize", ` +
        `client_id="${testClientIds.apiClientId}", error="insufficient_claims", ` +
        `claims="${Buffer.from(claims).toString('base64')}", cc_type="authcontext"`,
    );
    expect(result.body).toMatchObject({ code: 'insufficient_claims', claims });
    // The SPA reads the challenge from script: CORS must expose the header.
    expect(result.exposed?.toLowerCase()).toContain('www-authenticate');
  });

  it('refuses a client that cannot answer a claims challenge with 403, saying why', async () => {
    const result = await deleteAll(tokens.accessToken());
    expect(result.status).toBe(403);
    expect(result.body.code).toBe('claims_challenge_unsupported');
  });

  it('deletes every task of the caller once the token carries the context, and no one else’s', async () => {
    const alice = tokens.accessToken();
    const bob = tokens.accessToken({ user: testUsers.bob });
    for (const [token, title] of [
      [alice, 'mine 1'],
      [alice, 'mine 2'],
      [bob, 'Bob’s'],
    ] as const) {
      const created = await api.call('/api/tasks', {
        token,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      });
      expect(created.status).toBe(201);
    }
    const steppedUp = tokens.accessToken({ claims: { ...capable, acrs: ['c1'] } });
    expect((await deleteAll(steppedUp)).status).toBe(204);
    expect(await titles(alice)).toEqual([]);
    expect(await titles(bob)).toEqual(['Bob’s']);
  });

  it('still needs Tasks.ReadWrite: the context alone grants nothing', async () => {
    const token = tokens.accessToken({ claims: { scp: Scopes.TasksRead, acrs: ['c1'] } });
    expect((await deleteAll(token)).body.code).toBe('insufficient_scope');
  });

  it('asks for the context AUTH_STEP_UP_CONTEXT names, and takes no other', async () => {
    const c7 = await startTestApi(authority, stack.store, { env: { AUTH_STEP_UP_CONTEXT: 'c7' } });
    try {
      const withC1 = await deleteAll(
        tokens.accessToken({ claims: { ...capable, acrs: ['c1'] } }),
        c7,
      );
      expect(withC1.status).toBe(401);
      expect(withC1.body.claims).toBe('{"access_token":{"acrs":{"essential":true,"value":"c7"}}}');
      const withC7 = await deleteAll(tokens.accessToken({ claims: { acrs: ['c7'] } }), c7);
      expect(withC7.status).toBe(204);
    } finally {
      await c7.close();
    }
  });
});
