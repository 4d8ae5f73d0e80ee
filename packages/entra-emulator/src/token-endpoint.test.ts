// The token endpoint as a browser and an attacker see it: Entra's error shape, CORS on
// every answer, single-use codes bound to client, redirect URI and PKCE verifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import {
  anyString,
  apiScope,
  codeForm,
  ids,
  postToken,
  redeemCode,
  signInForCode,
  spaClientId,
  spaOrigin,
  startTestEmulator,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

/** Signs `user` in; returns the form MSAL posts to redeem the code. */
async function signedInForm(user = 'alice') {
  const signedIn = await signInForCode(idp, user);
  return { form: codeForm(signedIn), signedIn };
}

async function errorOf(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, ...body };
}

describe('the token endpoint', () => {
  it('answers a registered origin with CORS headers, on success and on error, without a preflight', async () => {
    const { form } = await signedInForm();
    const ok = await postToken(idp, form);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(ok.headers.get('cache-control')).toBe('no-store');

    const reused = await postToken(idp, form);
    expect(reused.status).toBe(400);
    expect(reused.headers.get('access-control-allow-origin')).toBe(spaOrigin);
  });

  it('answers a preflight of a registered origin with the headers it asks for (Swagger UI sends X-Requested-With)', async () => {
    const response = await fetch(`${idp.authority}/oauth2/v2.0/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-requested-with',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type,x-requested-with',
    );
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('gives an unregistered origin no CORS header', async () => {
    const { form } = await signedInForm();
    const response = await postToken(idp, form, 'https://evil.test');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("shapes errors like Entra's, with the correlation ID the client sent", async () => {
    const { form } = await signedInForm();
    const response = await postToken(idp, {
      ...form,
      code_verifier: 'x'.repeat(43),
      'client-request-id': 'c0ffee00-0000-4000-8000-000000000000',
    });
    const body = await errorOf(response);
    expect(body).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      error_codes: [501481],
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/) as unknown,
      trace_id: anyString,
      correlation_id: 'c0ffee00-0000-4000-8000-000000000000',
    });
    expect(body.error_description).toMatch(
      /^AADSTS501481: The code_verifier does not match[^]*\r\nTrace ID: [^]*\r\nCorrelation ID: c0ffee00/,
    );
  });

  it('redeems a code once: a second redemption is invalid_grant and revokes what the first issued', async () => {
    const { form } = await signedInForm();
    const first = (await (await postToken(idp, form)).json()) as { refresh_token: string };
    expect(await errorOf(await postToken(idp, form))).toMatchObject({
      error: 'invalid_grant',
      error_codes: [54005],
    });
    const refresh = await postToken(idp, {
      client_id: spaClientId,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      scope: form.scope ?? '',
    });
    expect(await errorOf(refresh)).toMatchObject({ error: 'invalid_grant' });
  });

  const tampering: [string, Record<string, string | undefined>, string, number][] = [
    ['a wrong code_verifier', { code_verifier: 'a'.repeat(64) }, 'invalid_grant', 501481],
    [
      'a code_verifier too short for RFC 7636',
      { code_verifier: 'a'.repeat(42) },
      'invalid_grant',
      501491,
    ],
    [
      'a code_verifier with forbidden characters',
      { code_verifier: `${'a'.repeat(42)}+` },
      'invalid_grant',
      501491,
    ],
    ['no code_verifier', { code_verifier: undefined }, 'invalid_request', 9002325],
    [
      'another redirect URI',
      { redirect_uri: 'https://localhost:5173/redirect.html' },
      'invalid_grant',
      70000,
    ],
    ['another client', { client_id: ids.singleTenantSpa }, 'invalid_grant', 70000],
    ['an unknown code', { code: 'not-a-code' }, 'invalid_grant', 70008],
    [
      'a client secret (public clients have none)',
      { client_secret: 's3cret' },
      'invalid_client',
      700025,
    ],
    ['an unsupported grant', { grant_type: 'password' }, 'unsupported_grant_type', 70003],
  ];
  it.each(tampering)('refuses %s', async (_, changes, error, code) => {
    const { form } = await signedInForm();
    const tampered = Object.fromEntries(
      Object.entries({ ...form, ...changes }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const body = await errorOf(await postToken(idp, tampered));
    expect(body).toMatchObject({ error, error_codes: [code] });
    expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  });

  it('issues nothing after a tampered attempt: a code is spent by its first use', async () => {
    const { form } = await signedInForm();
    await postToken(idp, { ...form, code_verifier: 'b'.repeat(43) });
    expect(await errorOf(await postToken(idp, form))).toMatchObject({ error_codes: [54005] });
  });

  it('refuses a code redemption without scope as Entra does (AADSTS28003), leaving the code usable', async () => {
    const { form } = await signedInForm();
    const { scope: _scope, ...withoutScope } = form;
    const refused = await postToken(idp, withoutScope);
    expect(refused.status).toBe(400);
    expect(await errorOf(refused)).toMatchObject({
      error: 'invalid_request',
      error_codes: [28003],
    });
    expect((await postToken(idp, form)).status).toBe(200);
  });

  it('refuses a code once its lifetime is over', async () => {
    const expiring = await startTestEmulator({ lifetimes: { authorizationCode: 0 } });
    try {
      const signedIn = await signInForCode(expiring, 'alice');
      const response = await postToken(expiring, {
        client_id: spaClientId,
        redirect_uri: signedIn.params.get('redirect_uri') ?? '',
        code: signedIn.code,
        code_verifier: signedIn.pkce.verifier,
        grant_type: 'authorization_code',
      });
      expect(await errorOf(response)).toMatchObject({ error_codes: [70008] });
    } finally {
      await expiring.close();
    }
  });

  it("refuses an SPA's refresh token once its fixed lifetime is over, with Entra's AADSTS700084", async () => {
    const expiring = await startTestEmulator({ lifetimes: { refreshToken: 0 } });
    try {
      const tokens = await redeemCode(expiring, await signInForCode(expiring, 'alice'));
      expect(tokens.refresh_token_expires_in).toBe(0);
      const response = await postToken(expiring, {
        client_id: spaClientId,
        grant_type: 'refresh_token',
        refresh_token: String(tokens.refresh_token),
      });
      expect(await errorOf(response)).toMatchObject({
        error: 'invalid_grant',
        error_codes: [700084],
      });
    } finally {
      await expiring.close();
    }
  });

  it('refuses a body that is not a form', async () => {
    const response = await fetch(`${idp.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: spaOrigin },
      body: '{}',
    });
    expect(await errorOf(response)).toMatchObject({ status: 400, error: 'invalid_request' });
    expect(response.headers.get('access-control-allow-origin')).toBe(spaOrigin);
  });

  it('returns an ID token only for openid and a refresh token only for offline_access', async () => {
    const signedIn = await signInForCode(idp, 'alice');
    const body = await redeemCode(idp, {
      ...signedIn,
      params: new URLSearchParams({
        redirect_uri: signedIn.params.get('redirect_uri') ?? '',
        scope: apiScope('.default'),
      }),
    });
    expect(body).not.toHaveProperty('id_token');
    expect(body).not.toHaveProperty('refresh_token');
    expect(body.access_token).toEqual(anyString);
  });
});
