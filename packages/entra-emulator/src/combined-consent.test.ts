// Combined consent (knownClientApplications): the SPA asks for the Tasks API's /.default,
// and the consent page covers the API's own Graph permission too, so the API's
// on-behalf-of call for Graph works afterwards; a client the API does not know gets no
// such thing, and a user who may not consent gets AADSTS65004.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microsoftGraph } from './emulator-config.js';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiClientId,
  apiScope,
  authorizeParams,
  formFields,
  ids,
  newPkce,
  oids,
  postOnBehalfOf,
  redeemCode,
  replyOf,
  signInForTokens,
  startTestEmulator,
  TestBrowser,
  type AuthorizeParams,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

const graphUserRead = `${microsoftGraph.resource}/User.Read`;
const apiDefault = `${apiScope('.default')} openid profile offline_access`;

/** Signs `user` in for `overrides`; returns the browser, the parameters and the page shown. */
async function signInToConsentPage(user: string, overrides: AuthorizeParams) {
  const pkce = await newPkce();
  const params = authorizeParams(pkce, overrides);
  const browser = new TestBrowser(idp);
  const response = await browser.signIn(params, user);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toMatch(/<h1>Permissions requested<\/h1>/);
  return { browser, pkce, params, html };
}

/** The permissions a consent page lists, in order. */
function permissionsOn(html: string): string[] {
  return [...html.matchAll(/<li><code>([^<]*)<\/code><\/li>/g)].map((match) => match[1] ?? '');
}

/** Clicks Accept on a consent page; returns the reply the app gets. */
async function accept(browser: TestBrowser, html: string): Promise<URLSearchParams> {
  const form = formFields(html);
  form.set('decision', 'accept');
  return replyOf(await browser.post(form));
}

async function accessTokenFor(user: string): Promise<string> {
  return String((await signInForTokens(idp, user, apiScope('Tasks.Read'))).access_token);
}

describe("combined consent: a known client asking for the API's /.default", () => {
  it("lets Bob consent to the API and its Graph User.Read on one page; the API's on-behalf-of call for Graph then succeeds where it got AADSTS65001", async () => {
    await idp.devControls.requireConsent('bob', microsoftGraph.resource);
    const before = await postOnBehalfOf(idp, await accessTokenFor('bob'), graphUserRead);
    expect(before).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', suberror: 'consent_required', error_codes: [65001] },
    });

    // What MSAL sends for acquireTokenRedirect({ scopes: [api/.default], prompt: 'consent' }).
    const { browser, pkce, params, html } = await signInToConsentPage('bob', {
      scope: apiDefault,
      prompt: 'consent',
    });
    expect(permissionsOn(html)).toEqual([
      apiScope('Tasks.Read'),
      apiScope('Tasks.ReadWrite'),
      graphUserRead,
    ]);
    const code = (await accept(browser, html)).get('code') ?? '';
    const tokens = await redeemCode(idp, { code, pkce, params, browser });
    expect(decodeJwt(String(tokens.access_token))).toMatchObject({
      aud: apiClientId,
      scp: 'Tasks.Read Tasks.ReadWrite',
    });

    const after = await postOnBehalfOf(idp, String(tokens.access_token), graphUserRead);
    expect(after.status).toBe(200);
    expect(decodeJwt(String(after.body.access_token))).toMatchObject({
      aud: microsoftGraph.appId,
      scp: 'User.Read',
      oid: oids.bob,
      azp: apiClientId,
    });
    const me = await fetch(`${idp.url}/graph/v1.0/me`, {
      headers: { authorization: `Bearer ${String(after.body.access_token)}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: oids.bob, displayName: 'Bob Baker' });
  });

  it('does not show the consent page for missing Graph consent alone without prompt=consent: Entra prompts for /.default only when nothing of the resource is consented', async () => {
    await idp.devControls.requireConsent('alice', microsoftGraph.resource);
    const pkce = await newPkce();
    const params = authorizeParams(pkce, { scope: apiDefault });
    const browser = new TestBrowser(idp);
    const code = replyOf(await browser.signIn(params, 'alice')).get('code') ?? '';
    const tokens = await redeemCode(idp, { code, pkce, params, browser });
    expect(
      (await postOnBehalfOf(idp, String(tokens.access_token), graphUserRead)).body,
    ).toMatchObject({ error_codes: [65001] });
  });

  it('lists the missing Graph permission too when the page is shown because the API lacks consent', async () => {
    await idp.devControls.requireConsent('ada');
    const { browser, html } = await signInToConsentPage('ada', { scope: apiDefault });
    expect(permissionsOn(html)).toEqual([
      apiScope('Tasks.Read'),
      apiScope('Tasks.ReadWrite'),
      graphUserRead,
    ]);
    expect((await accept(browser, html)).get('code')).toEqual(expect.any(String));
    const obo = await postOnBehalfOf(idp, await accessTokenFor('ada'), graphUserRead);
    expect(obo.status).toBe(200);
  });

  it('gives a client the API does not list no downstream consent: its page has the API scopes only, and Graph stays unconsented', async () => {
    await idp.devControls.requireConsent('bob');
    const { browser, html } = await signInToConsentPage('bob', {
      client_id: ids.singleTenantSpa,
      redirect_uri: 'http://localhost:3000/docs/oauth2-redirect.html',
      scope: `${apiScope('.default')} openid`,
      prompt: 'consent',
    });
    expect(permissionsOn(html)).toEqual([apiScope('Tasks.Read'), apiScope('Tasks.ReadWrite')]);
    expect((await accept(browser, html)).get('code')).toEqual(expect.any(String));
    expect(
      (await postOnBehalfOf(idp, await accessTokenFor('bob'), graphUserRead)).body,
    ).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
  });

  it('answers Riley, who may not consent, with access_denied AADSTS65004 naming the Graph permission', async () => {
    const reply = replyOf(
      await new TestBrowser(idp).signIn(
        authorizeParams(await newPkce(), { scope: apiDefault, prompt: 'consent' }),
        'riley',
      ),
    );
    expect(reply.get('code')).toBeNull();
    expect(reply.get('error')).toBe('access_denied');
    expect(reply.get('error_description')).toMatch(
      new RegExp(`^AADSTS65004: .*${graphUserRead.replace(/[./]/g, '\\$&')}`),
    );
  });
});
