// The dev controls, through HTTP and through the typed client tests use: key rotation,
// tokens without a browser, revocation, expired refresh tokens, a disabled user, consent
// withdrawn, an unavailable token endpoint, and the clock.
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiClientId,
  authorizeParams,
  newPkce,
  postToken,
  redeemCode,
  replyOf,
  formFields,
  signInForCode,
  signInForTokens,
  spaClientId,
  spaOrigin,
  startTestEmulator,
  TestBrowser,
  codeForm,
} from '../test-support/test-emulator.js';
import { DevControlsError } from './dev-controls-client.js';
import { fetchDevToken } from './token-command.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
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
      username: 'alice@contoso.test',
      scopes: ['Tasks.Read'],
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
      scp: 'Tasks.Read',
      azp: spaClientId,
      preferred_username: 'alice@contoso.test',
    });
  });

  it('puts the client capabilities asked for in xms_cc, as MSAL would', async () => {
    const response = await post('/_dev/tokens', {
      username: 'alice@contoso.test',
      scopes: ['Tasks.Read'],
      clientCapabilities: ['CP1'],
    });
    const { access_token } = (await response.json()) as { access_token: string };
    const { payload } = await jwtVerify(access_token, createLocalJWKSet(await jwks()));
    expect(payload.xms_cc).toEqual(['cp1']);
    expect(
      (
        await post('/_dev/tokens', {
          username: 'alice@contoso.test',
          scopes: ['Tasks.Read'],
          clientCapabilities: 'CP1',
        })
      ).status,
    ).toBe(400);
  });

  it('follows the consent rules: Riley asking for Tasks.ReadWrite gets 400 AADSTS65001', async () => {
    const response = await post('/_dev/tokens', {
      username: 'riley@contoso.test',
      scopes: ['Tasks.ReadWrite'],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
  });

  it('answers a bad body and an unknown user with a message that says what to send', async () => {
    expect((await post('/_dev/tokens', { user: 'alice' })).status).toBe(400);
    expect(
      (await post('/_dev/tokens', { username: 'nobody@contoso.test', scopes: ['Tasks.Read'] }))
        .status,
    ).toBe(404);
  });

  it('backs the `token` command', async () => {
    const token = await fetchDevToken({
      url: idp.url,
      ca: readFileSync(inject('emulatorTestCerts').ca, 'utf8'),
      args: ['ada@contoso.test', 'Tasks.Read'],
      defaultScopes: [],
      usage: 'usage',
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
      await post('/_dev/tokens', { username: 'bob@contoso.test', scopes: ['Tasks.Read'] })
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
    const response = await post('/_dev/users/bob@contoso.test/revoke');
    expect(await response.json()).toEqual({
      revoked: { sessions: 1, refreshTokens: 1 },
      revokedAt: expect.any(Number) as unknown,
    });

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
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
  });
});

describe('dev controls', () => {
  it('answer an unknown or malformed username with 404', async () => {
    expect((await post('/_dev/users/nobody@contoso.test/revoke')).status).toBe(404);
    expect((await post('/_dev/users/%E0%A4%A/revoke')).status).toBe(404);
  });

  it('refuse requests from web pages of other origins', async () => {
    const response = await post('/_dev/keys/rotate', undefined, { origin: 'https://evil.test' });
    expect(response.status).toBe(403);
  });

  it('are off unless enabled', async () => {
    const plain = await startTestEmulator({ devControls: false });
    try {
      const response = await fetch(`${plain.url}/_dev/keys/rotate`, { method: 'POST' });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

/** Refreshes like the SPA: the status and Entra's error body. */
async function refresh(
  refreshToken: unknown,
  scope = 'api://a9100000-0000-4000-8000-000000000a91/Tasks.Read openid',
) {
  const response = await postToken(idp, {
    client_id: spaClientId,
    grant_type: 'refresh_token',
    refresh_token: String(refreshToken),
    scope,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the typed client (DevControlsClient)', () => {
  it("expires a user's refresh tokens: an SPA's then get AADSTS700084", async () => {
    const tokens = await redeemCode(idp, await signInForCode(idp, 'alice'));
    expect(await idp.devControls.expireRefreshTokens('alice')).toEqual({
      expired: expect.any(Number) as unknown,
    });
    expect((await refresh(tokens.refresh_token)).body).toMatchObject({
      error: 'invalid_grant',
      error_codes: [700084],
    });
  });

  it('disables a user: tokens and sign-ins fail with AADSTS50057 until enabled again', async () => {
    const tokens = await redeemCode(idp, await signInForCode(idp, 'ada'));
    await idp.devControls.disableUser('ada');
    try {
      expect((await refresh(tokens.refresh_token)).body).toMatchObject({ error_codes: [50057] });
      const page = await new TestBrowser(idp).signIn(authorizeParams(await newPkce()), 'ada');
      expect(page.status).toBe(400);
      expect(await page.text()).toMatch(
        /AADSTS50057: The user account ada@contoso.test is disabled/,
      );
    } finally {
      await idp.devControls.enableUser('ada');
    }
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it('requires consent again: AADSTS65001 consent_required, until the user accepts the consent page', async () => {
    const tokens = await redeemCode(idp, await signInForCode(idp, 'bob'));
    const { revoked } = await idp.devControls.requireConsent('bob', `api://${apiClientId}`);
    expect(revoked).toEqual({ [apiClientId]: ['Tasks.Read', 'Tasks.ReadWrite'] });
    expect((await refresh(tokens.refresh_token)).body).toMatchObject({
      error: 'invalid_grant',
      suberror: 'consent_required',
      error_codes: [65001],
    });

    const pkce = await newPkce();
    const params = authorizeParams(pkce);
    const browser = new TestBrowser(idp);
    const page = await (await browser.signIn(params, 'bob')).text();
    expect(page).toMatch(/<h1>Permissions requested<\/h1>/);
    expect(page).toContain(`api://${apiClientId}/Tasks.Read`);
    const accepted = new URLSearchParams(formFields(page));
    accepted.set('decision', 'accept');
    const code = replyOf(await browser.post(accepted)).get('code') ?? '';
    expect((await redeemCode(idp, { code, pkce, params, browser })).access_token).toEqual(
      expect.any(String),
    );
  });

  it('answers a user who may not consent with access_denied instead of a consent page', async () => {
    await idp.devControls.requireConsent('riley');
    const reply = replyOf(
      await new TestBrowser(idp).signIn(authorizeParams(await newPkce()), 'riley'),
    );
    expect(reply.get('error')).toBe('access_denied');
    expect(reply.get('error_description')).toMatch(/^AADSTS65004: /);
  });

  it('makes the token endpoint answer 503 temporarily_unavailable for the next N requests, with CORS and Retry-After', async () => {
    const tokens = await signInForTokens(idp, 'alice', `api://${apiClientId}/Tasks.Read`);
    expect(await idp.devControls.failTokenRequests(2, { retryAfterSeconds: 7 })).toEqual({
      failing: 2,
      status: 503,
      retryAfterSeconds: 7,
    });
    for (let i = 0; i < 2; i++) {
      const response = await postToken(idp, {
        client_id: spaClientId,
        grant_type: 'refresh_token',
        refresh_token: String(tokens.refresh_token),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('access-control-allow-origin')).toBe(spaOrigin);
      expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
    }
    // The failures did not use the refresh token up.
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it("shifts the clock: tokens are issued at the emulator's time, and codes expire by it", async () => {
    const before = Math.floor(Date.now() / 1000);
    try {
      const signedIn = await signInForCode(idp, 'alice');
      const { offsetSeconds, now } = await idp.devControls.shiftClock(3600);
      expect(offsetSeconds).toBe(3600);
      expect(now).toBeGreaterThanOrEqual(before + 3600);
      // Ten minutes' codes are an hour old now.
      const late = await postToken(idp, codeForm(signedIn));
      expect(await late.json()).toMatchObject({ error_codes: [70008] });
      const { access_token } = await idp.devControls.mintAccessToken({
        username: 'alice',
        scopes: ['Tasks.Read'],
      });
      expect(decodeJwt(access_token).iat).toBeGreaterThanOrEqual(before + 3600);
    } finally {
      expect((await idp.devControls.resetClock()).offsetSeconds).toBe(0);
    }
  });

  it('throws DevControlsError with what the emulator said', async () => {
    const unknown = idp.devControls.revokeUser('nobody@contoso.test');
    await expect(unknown).rejects.toBeInstanceOf(DevControlsError);
    await expect(unknown).rejects.toMatchObject({ status: 404, error: 'not_found' });
    await expect(
      idp.devControls.failTokenRequests(1, { status: 418 as 503 }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/status must be 429, 500, 503 or 504/) as unknown,
    });
  });

  it('says when the dev controls are off', async () => {
    const plain = await startTestEmulator({ devControls: false });
    try {
      await expect(plain.devControls.rotateSigningKeys()).rejects.toMatchObject({
        error: 'dev_controls_off',
      });
    } finally {
      await plain.close();
    }
  });
});
