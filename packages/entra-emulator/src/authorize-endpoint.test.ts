// What a browser sees at /authorize: the sign-in page, and each way a request is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiScope,
  authorizeParams,
  formFields,
  newPkce,
  replyOf,
  signInForCode,
  startTestEmulator,
  TestBrowser,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

async function page(response: Response): Promise<string> {
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  return response.text();
}

describe('the sign-in page', () => {
  it('lists every test user as a button with display name and username, and says it is local', async () => {
    const response = await new TestBrowser(idp).authorize(authorizeParams(await newPkce()));
    expect(response.status).toBe(200);
    const html = await page(response);
    expect(html).toMatch(/Local development identity provider/);
    for (const [name, username] of [
      ['Alice Adams', 'alice@contoso.test'],
      ['Bob Baker', 'bob@contoso.test'],
      ['Ada Admin', 'ada@contoso.test'],
      ['Riley Reader', 'riley@contoso.test'],
    ]) {
      expect(html).toMatch(
        new RegExp(
          `<button type="submit" name="user" value="\\w+"[^>]*><strong>${name}</strong> <span>${username}</span></button>`,
        ),
      );
    }
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('preselects the user of login_hint', async () => {
    const params = authorizeParams(await newPkce(), { login_hint: 'riley@contoso.test' });
    const html = await page(await new TestBrowser(idp).authorize(params));
    const buttons = html.match(/<button[^>]*>/g) ?? [];
    expect(buttons[0]).toMatch(/value="riley" autofocus/);
    expect(buttons.filter((button) => button.includes('autofocus'))).toHaveLength(1);
  });

  it('escapes every reflected value', async () => {
    const evil = '"><script>alert(1)</script>';
    const params = authorizeParams(await newPkce(), {
      state: evil,
      login_hint: evil,
      [evil]: evil,
    });
    const html = await page(await new TestBrowser(idp).authorize(params));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('starts a session with a cookie that silent renewal in an iframe can use (Secure, SameSite=None)', async () => {
    const response = await new TestBrowser(idp).signIn(authorizeParams(await newPkce()), 'alice');
    expect(response.headers.get('set-cookie')).toMatch(
      /^entra_emulator_session=[\w-]{43}; Path=\/; Secure; HttpOnly; SameSite=None$/,
    );
  });

  it('is skipped while a session exists, and shown again for prompt=login', async () => {
    const { browser } = await signInForCode(idp, 'alice');
    const silent = await browser.authorize(authorizeParams(await newPkce()));
    expect(replyOf(silent).get('code')).toEqual(expect.any(String) as unknown);
    const forced = await browser.authorize(authorizeParams(await newPkce(), { prompt: 'login' }));
    expect(forced.status).toBe(200);
  });

  it('is shown when login_hint names another user than the session', async () => {
    const { browser } = await signInForCode(idp, 'alice');
    const other = await browser.authorize(
      authorizeParams(await newPkce(), { login_hint: 'bob@contoso.test' }),
    );
    expect(other.status).toBe(200);
  });
});

describe('sign-in CSRF: the sign-in form refuses posts from other sites', () => {
  /** What an attacker's page can post: every authorize parameter, and the user to sign in as. */
  async function forgedForm(): Promise<URLSearchParams> {
    const form = authorizeParams(await newPkce());
    form.set('user', 'ada');
    return form;
  }

  async function expectRefused(response: Response): Promise<void> {
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('set-cookie') ?? '').not.toMatch(/entra_emulator_session=[^;]/);
    expect(await page(response)).toMatch(/sign-in form was refused/);
  }

  it('refuses a cross-site post with user=ada from a browser that has the form cookie', async () => {
    const victim = new TestBrowser(idp);
    await victim.authorize(authorizeParams(await newPkce())); // the victim once saw the page
    await expectRefused(
      await victim.post(await forgedForm(), {
        origin: 'https://evil.test',
        'sec-fetch-site': 'cross-site',
      }),
    );
    // And the victim's browser is not signed in as Ada: a silent request still needs a sign-in.
    const silent = await victim.authorize(authorizeParams(await newPkce(), { prompt: 'none' }));
    expect(replyOf(silent).get('error')).toBe('login_required');
  });

  it('refuses a post from another site on the same host (another localhost port)', async () => {
    await expectRefused(
      await new TestBrowser(idp).post(await forgedForm(), {
        origin: 'https://localhost:1',
        'sec-fetch-site': 'same-site',
      }),
    );
  });

  it('refuses a post without the form nonce, as from a client that sends no Origin', async () => {
    const browser = new TestBrowser(idp);
    await browser.authorize(authorizeParams(await newPkce()));
    const response = await fetch(browser.authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: (await forgedForm()).toString(),
      redirect: 'manual',
    });
    await expectRefused(response);
  });

  it("refuses a nonce the attacker got from a page of his own (bound to the attacker's browser)", async () => {
    const attacker = new TestBrowser(idp);
    const params = authorizeParams(await newPkce(), { prompt: 'login' });
    const attackersPage = await attacker.authorize(params);
    const form = formFields(await attackersPage.text());
    form.set('user', 'ada');

    const victim = new TestBrowser(idp);
    await victim.authorize(authorizeParams(await newPkce()));
    await expectRefused(await victim.post(form));
  });

  it('refuses a nonce of another authorize request (another redirect URI or state)', async () => {
    const browser = new TestBrowser(idp);
    const page = await browser.authorize(authorizeParams(await newPkce(), { prompt: 'login' }));
    const form = formFields(await page.text());
    form.set('user', 'ada');
    form.set('state', 'attacker-state');
    await expectRefused(await browser.post(form));
  });
});

describe('replies to the app', () => {
  it('honours response_mode: fragment and query, echoing state verbatim', async () => {
    const state = 'a b&c=d/é';
    const browser = new TestBrowser(idp);
    const fragment = await browser.signIn(authorizeParams(await newPkce(), { state }), 'alice');
    const inFragment = new URL(fragment.headers.get('location') ?? '');
    expect(inFragment.search).toBe('');
    expect(new URLSearchParams(inFragment.hash.slice(1)).get('state')).toBe(state);

    const query = await browser.authorize(
      authorizeParams(await newPkce(), { state, response_mode: 'query' }),
    );
    const inQuery = new URL(query.headers.get('location') ?? '');
    expect(inQuery.hash).toBe('');
    expect(inQuery.searchParams.get('code')).toEqual(expect.any(String) as unknown);
    expect(inQuery.searchParams.get('state')).toBe(state);
  });

  it('answers prompt=none without a session with error=login_required', async () => {
    const response = await new TestBrowser(idp).authorize(
      authorizeParams(await newPkce(), { prompt: 'none' }),
    );
    expect(Object.fromEntries(replyOf(response))).toMatchObject({
      error: 'login_required',
      state: 'state-123',
    });
  });

  it('answers a silent request of Riley for Tasks.ReadWrite with error=consent_required', async () => {
    const { browser } = await signInForCode(idp, 'riley');
    const response = await browser.authorize(
      authorizeParams(await newPkce(), {
        prompt: 'none',
        scope: `${apiScope('Tasks.ReadWrite')} openid`,
      }),
    );
    const reply = replyOf(response);
    expect(reply.get('error')).toBe('consent_required');
    expect(reply.get('error_description')).toMatch(/^AADSTS65001: /);
  });

  const refusals: [string, Record<string, string | undefined>, string, RegExp][] = [
    ['the implicit flow', { response_type: 'token' }, 'unsupported_response_type', /AADSTS700054/],
    [
      'the hybrid flow',
      { response_type: 'code id_token' },
      'unsupported_response_type',
      /AADSTS700054/,
    ],
    ['a missing code_challenge', { code_challenge: undefined }, 'invalid_request', /Proof Key/],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request', /must be S256/],
    [
      'no challenge method',
      { code_challenge_method: undefined },
      'invalid_request',
      /must be S256/,
    ],
    ['a malformed challenge', { code_challenge: 'short' }, 'invalid_request', /43 base64url/],
    ['a missing scope', { scope: undefined }, 'invalid_request', /'scope'/],
    ['a scope no API exposes', { scope: apiScope('Tasks.Delete') }, 'invalid_scope', /AADSTS70011/],
    ['an unknown API', { scope: 'api://nope/x' }, 'invalid_resource', /AADSTS500011/],
    [
      'a Microsoft Graph scope the emulated Graph lacks',
      { scope: 'Mail.Read' },
      'invalid_scope',
      /Microsoft Graph exposes User.Read/,
    ],
    ['form_post', { response_mode: 'form_post' }, 'invalid_request', /response_mode/],
    ['an unknown prompt', { prompt: 'maybe' }, 'invalid_request', /Invalid prompt/],
  ];
  it.each(refusals)(
    'refuses %s with a redirect carrying the error',
    async (_, overrides, error, description) => {
      const response = await new TestBrowser(idp).authorize(
        authorizeParams(await newPkce(), overrides),
      );
      const reply = replyOf(response);
      expect(reply.get('error')).toBe(error);
      expect(reply.get('error_description')).toMatch(description);
      expect(reply.get('state')).toBe('state-123');
      expect(reply.get('code')).toBeNull();
    },
  );
});

describe('requests that are never redirected', () => {
  const pages: [string, Record<string, string | undefined>, RegExp][] = [
    ['an unregistered redirect URI', { redirect_uri: 'https://evil.test/' }, /AADSTS50011/],
    [
      'a redirect URI differing in one character',
      { redirect_uri: 'https://localhost:5173' },
      /AADSTS50011/,
    ],
    ['a missing redirect URI', { redirect_uri: undefined }, /parameter: &#39;redirect_uri&#39;/],
    ['an unknown client', { client_id: '00000000-0000-4000-8000-000000000000' }, /AADSTS700016/],
  ];
  it.each(pages)('shows an error page for %s', async (_, overrides, description) => {
    const response = await new TestBrowser(idp).authorize(
      authorizeParams(await newPkce(), overrides),
    );
    expect(response.status).toBe(400);
    const html = await page(response);
    expect(html).toMatch(description);
    expect(html).toMatch(/Local development identity provider/);
  });

  it('escapes the redirect URI it shows on the error page', async () => {
    const response = await new TestBrowser(idp).authorize(
      authorizeParams(await newPkce(), {
        redirect_uri: 'https://evil.test/<img src=x onerror=alert(1)>',
      }),
    );
    const html = await page(response);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses a repeated parameter instead of picking one', async () => {
    const params = authorizeParams(await newPkce());
    params.append('redirect_uri', 'https://evil.test/');
    const response = await new TestBrowser(idp).authorize(params);
    expect(response.status).toBe(400);
    expect(await page(response)).toMatch(/AADSTS9000411: .*duplicated/);
  });
});
