/**
 * Test helpers: an emulator on a free port with a throw-away data folder and the test
 * CA from the global setup, and a tiny "browser" that follows the sign-in page by hand.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { expect, inject } from 'vitest';
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../src/start-emulator.js';
import { defaultSpaUrl, ids, secrets, testConfig } from './test-config.js';

export { contoso, fabrikam, ids, oids, secrets } from './test-config.js';

export const spaClientId = ids.spa;
export const apiClientId = ids.api;
export const spaOrigin = defaultSpaUrl;
export const spaRedirectUri = `${defaultSpaUrl}/`;
/** `expect.any(String)`, typed so lint accepts it inside object literals. */
export const anyString: unknown = expect.any(String);

export const apiScope = (name: string) => `api://${apiClientId}/${name}`;
export const reportsScope = (name: string) => `api://${ids.reports}/${name}`;

export function testTls(): { cert: string; key: string; ca: string } {
  const paths = inject('emulatorTestCerts');
  return {
    cert: readFileSync(paths.cert, 'utf8'),
    key: readFileSync(paths.key, 'utf8'),
    ca: readFileSync(paths.ca, 'utf8'),
  };
}

/** A throw-away data folder; the caller removes it. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'entra-emulator-data-'));
}

/** An emulator for a test; a data folder made here (none in `options`) goes with close(). */
export async function startTestEmulator(
  options: Partial<EmulatorOptions> = {},
): Promise<RunningEmulator> {
  const madeHere = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDataDir();
  const removeMadeDataDir = () => {
    if (madeHere) rmSync(dataDir, { recursive: true, force: true });
  };
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      port: 0,
      config: testConfig({ daemonCertificate: inject('daemonCertificate').cert }),
      devControls: true,
      tls: testTls(),
      ...options,
      dataDir,
    });
  } catch (error) {
    removeMadeDataDir();
    throw error;
  }
  return {
    ...emulator,
    close: async () => {
      try {
        await emulator.close();
      } finally {
        removeMadeDataDir();
      }
    },
  };
}

/** openid-client's view of the emulator, as the SPA's public client. */
export function discoverAsSpa(idp: RunningEmulator): Promise<client.Configuration> {
  return client.discovery(new URL(idp.issuer), spaClientId, undefined, client.None());
}

export interface AuthorizeParams {
  readonly [name: string]: string | undefined;
}

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export async function newPkce(): Promise<Pkce> {
  const verifier = client.randomPKCECodeVerifier();
  return { verifier, challenge: await client.calculatePKCECodeChallenge(verifier) };
}

/** What an MSAL sign-in sends, with PKCE; `overrides` change or (with undefined) drop parameters. */
export function authorizeParams(pkce: Pkce, overrides: AuthorizeParams = {}): URLSearchParams {
  const params: Record<string, string | undefined> = {
    client_id: spaClientId,
    redirect_uri: spaRedirectUri,
    response_type: 'code',
    response_mode: 'fragment',
    scope: `${apiScope('Tasks.Read')} openid profile offline_access`,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: 'state-123',
    nonce: 'nonce-456',
    client_info: '1',
    ...overrides,
  };
  return new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** A browser with a cookie jar, driving the authorize endpoint without following redirects. */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  /** `authority`: where to sign in, default the first tenant's. */
  constructor(
    private readonly idp: RunningEmulator,
    readonly authority: string = idp.authority,
  ) {}

  get authorizeUrl(): string {
    return `${this.authority}/oauth2/v2.0/authorize`;
  }

  /** GET /authorize: the sign-in page (200) or a redirect (302). */
  async authorize(params: URLSearchParams): Promise<Response> {
    return this.fetch(`${this.authorizeUrl}?${params.toString()}`);
  }

  /**
   * Opens the sign-in page for `params` (with prompt=select_account when they have no
   * prompt, so an existing session does not skip the page) and clicks `user`'s button:
   * posts the page's form, hidden fields and all, as a browser would.
   */
  async signIn(params: URLSearchParams, user: string): Promise<Response> {
    const shown = new URLSearchParams(params);
    if (!shown.has('prompt')) shown.set('prompt', 'select_account');
    const page = await this.authorize(shown);
    if (page.status !== 200) {
      throw new Error(
        `Expected the sign-in page, got ${page.status} ${page.headers.get('location') ?? ''}`,
      );
    }
    const form = formFields(await page.text());
    form.set('user', user);
    return this.post(form);
  }

  /** POSTs `form` to the authorize endpoint from the emulator's own page (same origin). */
  async post(form: URLSearchParams, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(this.authorizeUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(this.idp.url).origin,
        'sec-fetch-site': 'same-origin',
        ...headers,
      },
      body: form.toString(),
    });
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', ...value] = pair.split('=');
      if (value.join('=') === '' || /;\s*Max-Age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
    return response;
  }
}

/** The fields of the (first) form of an emulator page: its hidden inputs. */
export function formFields(html: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.append(unescapeHtml(match[1] ?? ''), unescapeHtml(match[2] ?? ''));
  }
  return fields;
}

function unescapeHtml(value: string): string {
  return value.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, entity: string) =>
      ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity] ?? entity,
  );
}

/** The parameters of a redirect back to the app, from its fragment or query. */
export function replyOf(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) {
    throw new Error(`Expected a redirect, got ${response.status}`);
  }
  const url = new URL(location);
  return new URLSearchParams(url.hash === '' ? url.search : url.hash.slice(1));
}

/** Signs `user` in with PKCE (fragment mode) and returns the code and what went with it. */
export async function signInForCode(
  idp: RunningEmulator,
  user: string,
  overrides: AuthorizeParams = {},
  browser: TestBrowser = new TestBrowser(idp),
): Promise<{ code: string; pkce: Pkce; params: URLSearchParams; browser: TestBrowser }> {
  const pkce = await newPkce();
  const params = authorizeParams(pkce, overrides);
  const reply = replyOf(await browser.signIn(params, user));
  const code = reply.get('code');
  if (code === null) throw new Error(`No code: ${reply.toString()}`);
  return { code, pkce, params, browser };
}

/** POSTs a form to the token endpoint as the SPA would (with an Origin, no preflight). */
export async function postToken(
  idp: RunningEmulator,
  form: Record<string, string>,
  origin: string = spaOrigin,
  authority: string = idp.authority,
): Promise<Response> {
  return fetch(`${authority}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', origin },
    body: new URLSearchParams(form).toString(),
  });
}

/** The form MSAL posts to redeem a code. */
export function codeForm(signedIn: {
  code: string;
  pkce: Pkce;
  params: URLSearchParams;
}): Record<string, string> {
  return {
    client_id: spaClientId,
    redirect_uri: signedIn.params.get('redirect_uri') ?? '',
    scope: signedIn.params.get('scope') ?? '',
    code: signedIn.code,
    code_verifier: signedIn.pkce.verifier,
    grant_type: 'authorization_code',
  };
}

/** Redeems a code as MSAL does and returns the JSON body. */
export async function redeemCode(
  idp: RunningEmulator,
  signedIn: { code: string; pkce: Pkce; params: URLSearchParams; browser?: TestBrowser },
): Promise<Record<string, unknown>> {
  const authority = signedIn.browser?.authority ?? idp.authority;
  const response = await postToken(
    idp,
    { ...codeForm(signedIn), client_info: '1' },
    spaOrigin,
    authority,
  );
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`Token endpoint: ${JSON.stringify(body)}`);
  return body;
}

/** A confidential client's raw request to the token endpoint: the status and Entra's body. */
export async function postConfidential(
  form: Record<string, string>,
  authority: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${authority}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The Tasks API trading a user's access token for `scope` on-behalf-of, with its secret. */
export function postOnBehalfOf(
  idp: RunningEmulator,
  assertion: string,
  scope: string,
  authority: string = idp.authority,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return postConfidential(
    {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      client_id: apiClientId,
      client_secret: secrets.api,
      assertion,
      scope,
    },
    authority,
  );
}

/** The daemon's app-only access token for `resource`'s `/.default`, with its secret. */
export async function daemonToken(idp: RunningEmulator, resource: string): Promise<string> {
  const { body } = await postConfidential(
    {
      grant_type: 'client_credentials',
      client_id: ids.daemon,
      client_secret: secrets.daemon,
      scope: `${resource}/.default`,
    },
    idp.authority,
  );
  return String(body.access_token);
}

/** Signs `user` in through the SPA for `scope` and returns the token response. */
export async function signInForTokens(
  idp: RunningEmulator,
  user: string,
  scope: string,
  authority: string = idp.authority,
): Promise<Record<string, unknown>> {
  const browser = new TestBrowser(idp, authority);
  const signedIn = await signInForCode(
    idp,
    user,
    { scope: `${scope} openid profile offline_access` },
    browser,
  );
  return redeemCode(idp, signedIn);
}
