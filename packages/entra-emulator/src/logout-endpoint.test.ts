// Signing out: the session ends, and the browser goes back only to a registered URI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import {
  authorizeParams,
  newPkce,
  postToken,
  redeemCode,
  replyOf,
  signInForCode,
  spaClientId,
  spaRedirectUri,
  startTestEmulator,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

const logoutUrl = (params: Record<string, string>) =>
  `${idp.authority}/oauth2/v2.0/logout?${new URLSearchParams(params).toString()}`;

describe('logout', () => {
  it('ends the session and its refresh tokens, then redirects to the registered URI with state (as MSAL calls it)', async () => {
    const signedIn = await signInForCode(idp, 'alice');
    const tokens = await redeemCode(idp, signedIn);
    const { browser } = signedIn;

    const response = await browser.fetch(
      logoutUrl({
        post_logout_redirect_uri: spaRedirectUri,
        state: 'bye',
        'client-request-id': 'x',
        logout_hint: 'opaque',
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${spaRedirectUri}?state=bye`);
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);

    const silent = await browser.authorize(authorizeParams(await newPkce(), { prompt: 'none' }));
    expect(replyOf(silent).get('error')).toBe('login_required');
    const refresh = await postToken(idp, {
      client_id: spaClientId,
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      scope: 'openid',
    });
    expect(refresh.status).toBe(400);
  });

  it('shows an error page, not a redirect, for an unregistered post_logout_redirect_uri', async () => {
    const { browser } = await signInForCode(idp, 'alice');
    const response = await browser.fetch(
      logoutUrl({ post_logout_redirect_uri: 'https://evil.test/' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toMatch(/not registered/);
  });

  it("refuses a URI registered for another client than the client_id's", async () => {
    const response = await fetch(
      logoutUrl({
        post_logout_redirect_uri: spaRedirectUri,
        client_id: '8e0f2a4b-6c8d-4e0f-a1b2-c3d4e5f6a7b8',
      }),
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
  });

  it('shows a signed-out page when no URI is given', async () => {
    const response = await fetch(logoutUrl({}), { redirect: 'manual' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/You have signed out/);
    expect(html).toMatch(/Local development identity provider/);
  });
});
