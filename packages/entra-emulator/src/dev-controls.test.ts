// The dev controls of the team contract: key rotation, revocation, and tokens without a browser.
import { Scopes } from '@pixy/auth-contract';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { RunningIdp } from './start-idp.js';
import {
  apiClientId,
  authorizeParams,
  newPkce,
  postToken,
  redeemCode,
  replyOf,
  signInForCode,
  spaClientId,
  startTestIdp,
} from './test-support/test-idp.js';
import { fetchDevToken } from './token-command.js';

let idp: RunningIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${idp.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function jwks(): Promise<JSONWebKeySet> {
  return (await (await fetch(`${idp.authority}/discovery/v2.0/keys`)).json()) as JSONWebKeySet;
}

describe('POST /_dev/tokens', () => {
  it('gives Alice an access token for the API that verifies against the JWKS', async () => {
    const response = await post('/_dev/tokens', {
      username: 'alice@pixy.test',
      scopes: [Scopes.TasksRead],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      access_token: string;
      token_type: string;
      expires_in: number;
    };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBeGreaterThan(300);
    const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(await jwks()), {
      issuer: idp.issuer,
      audience: apiClientId,
    });
    expect(payload).toMatchObject({
      scp: Scopes.TasksRead,
      azp: spaClientId,
      preferred_username: 'alice@pixy.test',
    });
  });

  it('follows the consent rules: Riley asking for Tasks.ReadWrite gets 400 AADSTS65001', async () => {
    const response = await post('/_dev/tokens', {
      username: 'riley@pixy.test',
      scopes: [Scopes.TasksReadWrite],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
  });

  it('answers a bad body and an unknown user with a message that says what to send', async () => {
    expect((await post('/_dev/tokens', { user: 'alice' })).status).toBe(400);
    expect(
      (await post('/_dev/tokens', { username: 'nobody@pixy.test', scopes: [Scopes.TasksRead] }))
        .status,
    ).toBe(404);
  });

  it('backs the `token` command', async () => {
    const token = await fetchDevToken({
      origin: idp.url,
      ca: readFileSync(inject('idpTestCerts').ca, 'utf8'),
      args: ['ada@pixy.test', Scopes.TasksRead],
      defaultScopes: [],
    });
    expect(token.split('.')).toHaveLength(3);
  });
});

describe('POST /_dev/keys/rotate', () => {
  it('signs with a new key at once, keeps the previous one published, and retires it at the next rotation', async () => {
    const before = (await jwks()).keys.map((key) => key.kid);
    const first = (await (await post('/_dev/keys/rotate')).json()) as {
      kid: string;
      published: string[];
    };
    expect(first.published).toEqual([first.kid, before[0]]);
    expect((await jwks()).keys.map((key) => key.kid)).toEqual(first.published);

    const token = (await (
      await post('/_dev/tokens', { username: 'bob@pixy.test', scopes: [Scopes.TasksRead] })
    ).json()) as {
      access_token: string;
    };
    expect(decodeProtectedHeader(token.access_token).kid).toBe(first.kid);

    const second = (await (await post('/_dev/keys/rotate')).json()) as {
      kid: string;
      published: string[];
    };
    expect(second.published).toEqual([second.kid, first.kid]);
    expect(second.published).not.toContain(before[0]);
  });
});

describe('POST /_dev/users/<username>/revoke', () => {
  it("ends the user's sessions and refresh tokens", async () => {
    const signedIn = await signInForCode(idp, 'bob');
    const tokens = await redeemCode(idp, signedIn);
    const response = await post('/_dev/users/bob@pixy.test/revoke');
    expect(await response.json()).toEqual({ revoked: { sessions: 1, refreshTokens: 1 } });

    const silent = await signedIn.browser.authorize(
      authorizeParams(await newPkce(), { prompt: 'none' }),
    );
    expect(replyOf(silent).get('error')).toBe('login_required');
    const refresh = await postToken(idp, {
      client_id: spaClientId,
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      scope: 'openid',
    });
    expect(refresh.status).toBe(400);
  });
});

describe('dev controls', () => {
  it('answer an unknown or malformed username with 404', async () => {
    expect((await post('/_dev/users/nobody@pixy.test/revoke')).status).toBe(404);
    expect((await post('/_dev/users/%E0%A4%A/revoke')).status).toBe(404);
  });

  it('refuse requests from web pages of other origins', async () => {
    const response = await post('/_dev/keys/rotate', undefined, { origin: 'https://evil.test' });
    expect(response.status).toBe(403);
  });

  it('are off unless enabled', async () => {
    const plain = await startTestIdp({ devControls: false });
    try {
      const response = await fetch(`${plain.url}/_dev/keys/rotate`, { method: 'POST' });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
