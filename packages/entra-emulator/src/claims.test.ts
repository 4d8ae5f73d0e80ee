// The claims request parameter: client capabilities (xms_cc) for APIs that opt in, an
// authentication context (acrs) granted after the step-up page and refused to silent
// requests, and an nbf that forces a fresh sign-in (a CAE claims challenge answered).
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiScope,
  authorizeParams,
  formFields,
  newPkce,
  postToken,
  redeemCode,
  replyOf,
  reportsScope,
  signInForCode,
  spaClientId,
  startTestEmulator,
  TestBrowser,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

const capable = JSON.stringify({ access_token: { xms_cc: { values: ['CP1'] } } });
const stepUp = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });
const readScope = `${apiScope('Tasks.Read')} openid profile offline_access`;

function accessClaims(tokens: Record<string, unknown>) {
  return decodeJwt(String(tokens.access_token));
}

describe('client capabilities (xms_cc)', () => {
  it("puts the client's capabilities in the tokens of an API that requested the claim", async () => {
    const signedIn = await signInForCode(idp, 'alice', { claims: capable });
    expect(accessClaims(await redeemCode(idp, signedIn)).xms_cc).toEqual(['cp1']);
  });

  it('leaves them out of the tokens of an API that did not', async () => {
    const signedIn = await signInForCode(idp, 'alice', {
      claims: capable,
      scope: `${reportsScope('Reports.Read')} openid`,
    });
    expect(accessClaims(await redeemCode(idp, signedIn))).not.toHaveProperty('xms_cc');
  });

  it('takes them from a refresh request too, as MSAL sends them on every request', async () => {
    const tokens = await redeemCode(idp, await signInForCode(idp, 'alice'));
    const refreshed = await postToken(idp, {
      client_id: spaClientId,
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      scope: readScope,
      claims: capable,
    });
    expect(accessClaims((await refreshed.json()) as Record<string, unknown>).xms_cc).toEqual([
      'cp1',
    ]);
  });
});

describe('an authentication context (acrs)', () => {
  it('shows the step-up page ("Verify your identity", "Approve"), then issues a token with acrs', async () => {
    const pkce = await newPkce();
    const params = authorizeParams(pkce, { claims: stepUp });
    const browser = new TestBrowser(idp);
    const page = await browser.signIn(params, 'alice');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<h1>Verify your identity<\/h1>/);
    expect(html).toMatch(/<button type="submit">Approve<\/button>/);
    expect(html).toContain('Sensitive actions');

    const approved = await browser.post(formFields(html));
    const code = replyOf(approved).get('code') ?? '';
    const tokens = await redeemCode(idp, { code, pkce, params, browser });
    expect(accessClaims(tokens).acrs).toEqual(['c1']);
  });

  it('answers a silent request that needs it with interaction_required (AADSTS50076)', async () => {
    const { browser } = await signInForCode(idp, 'bob');
    const silent = await browser.authorize(
      authorizeParams(await newPkce(), { prompt: 'none', claims: stepUp }),
    );
    const reply = replyOf(silent);
    expect(reply.get('error')).toBe('interaction_required');
    expect(reply.get('error_description')).toMatch(/^AADSTS50076: /);
  });

  it('answers a refresh that asks for it with interaction_required and the claims to ask for', async () => {
    const tokens = await redeemCode(idp, await signInForCode(idp, 'bob'));
    const refresh = await postToken(idp, {
      client_id: spaClientId,
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      scope: readScope,
      claims: stepUp,
    });
    expect(refresh.status).toBe(400);
    const body = (await refresh.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'interaction_required', error_codes: [50076] });
    expect(JSON.parse(String(body.claims))).toEqual(JSON.parse(stepUp));
  });

  it('is kept by the refresh tokens of the sign-in that stepped up', async () => {
    const pkce = await newPkce();
    const params = authorizeParams(pkce, { claims: stepUp });
    const browser = new TestBrowser(idp);
    const page = await (await browser.signIn(params, 'ada')).text();
    const code = replyOf(await browser.post(formFields(page))).get('code') ?? '';
    const tokens = await redeemCode(idp, { code, pkce, params, browser });
    const refresh = await postToken(idp, {
      client_id: spaClientId,
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      scope: readScope,
      claims: stepUp,
    });
    expect(accessClaims((await refresh.json()) as Record<string, unknown>).acrs).toEqual(['c1']);
  });

  it('refuses a context the tenant does not define', async () => {
    const reply = replyOf(
      await new TestBrowser(idp).signIn(
        authorizeParams(await newPkce(), {
          claims: JSON.stringify({ access_token: { acrs: { essential: true, value: 'c9' } } }),
        }),
        'alice',
      ),
    );
    expect(reply.get('error_description')).toMatch(/^AADSTS90100: .*c9/);
  });
});

describe('nbf: a sign-in after a given time (the answer to a CAE challenge)', () => {
  it('answers a silent request of an older session with interaction_required', async () => {
    const { browser } = await signInForCode(idp, 'alice');
    const later = Math.floor(Date.now() / 1000) + 60;
    const claims = JSON.stringify({
      access_token: { nbf: { essential: true, value: String(later) } },
    });
    const reply = replyOf(
      await browser.authorize(authorizeParams(await newPkce(), { prompt: 'none', claims })),
    );
    expect(reply.get('error')).toBe('interaction_required');
  });

  it('shows the sign-in page to an interactive one, instead of reusing the session', async () => {
    const { browser } = await signInForCode(idp, 'alice');
    const later = Math.floor(Date.now() / 1000) + 60;
    const claims = JSON.stringify({
      access_token: { nbf: { essential: true, value: String(later) } },
    });
    const response = await browser.authorize(authorizeParams(await newPkce(), { claims }));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Choose a test user/);
  });
});

describe('a malformed claims parameter', () => {
  it.each([
    ['not JSON', '{'],
    ['not an object', '[]'],
    ['acrs without a value', '{"access_token":{"acrs":{"essential":true,"value":1}}}'],
  ])('is refused (%s) with AADSTS90100', async (_, claims) => {
    const reply = replyOf(
      await new TestBrowser(idp).authorize(authorizeParams(await newPkce(), { claims })),
    );
    expect(reply.get('error')).toBe('invalid_request');
    expect(reply.get('error_description')).toMatch(/^AADSTS90100: /);
  });
});
