/**
 * Test helpers: an emulator on a free port with a throw-away data folder and the test
 * CA from the global setup, and a tiny "browser" that follows the sign-in page by hand.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Scopes } from '@pixy/auth-contract';
import { localDefaults } from '@pixy/config';
import * as client from 'openid-client';
import { expect, inject } from 'vitest';
import { defaultDirectory, type Directory } from '../directory.js';
import { startIdp, type RunningIdp, type StartIdpOptions } from '../start-idp.js';

export const spaClientId = localDefaults.SPA_CLIENT_ID;
export const apiClientId = localDefaults.API_CLIENT_ID;
export const spaOrigin = localDefaults.SPA_URL;
export const spaRedirectUri = `${localDefaults.SPA_URL}/`;
/** `expect.any(String)`, typed so lint accepts it inside object literals. */
export const anyString: unknown = expect.any(String);

export const apiScope = (name: string) => `api://${apiClientId}/${name}`;

/** A second API, so tests can ask one refresh token for tokens of two resources. */
export const reportsApi = {
  clientId: '5e9a1c3b-7d2f-4e6a-9b8c-0d1e2f3a4b5c',
  displayName: 'Reports API',
  applicationIdUri: 'api://5e9a1c3b-7d2f-4e6a-9b8c-0d1e2f3a4b5c',
  scopes: ['Reports.Read'],
  appRoles: [],
} as const;

/** Pixy's directory plus the reports API, which every test user has consented to. */
export function testDirectory(): Directory {
  const base = defaultDirectory({
    spaClientId,
    apiClientId,
    openApiClientId: localDefaults.OPENAPI_CLIENT_ID,
    spaUrl: localDefaults.SPA_URL,
    apiUrl: localDefaults.API_URL,
  });
  return {
    ...base,
    apis: [...base.apis, reportsApi],
    users: base.users.map((user) => ({
      ...user,
      consentedScopes: { ...user.consentedScopes, [reportsApi.clientId]: reportsApi.scopes },
    })),
  };
}

export function testTls(): { cert: string; key: string } {
  const paths = inject('idpTestCerts');
  return { cert: readFileSync(paths.cert, 'utf8'), key: readFileSync(paths.key, 'utf8') };
}

/** A throw-away data folder; the caller removes it. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'pixy-idp-data-'));
}

/** An emulator for a test; a data folder made here (none in `options`) goes with close(). */
export async function startTestIdp(options: Partial<StartIdpOptions> = {}): Promise<RunningIdp> {
  const madeHere = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDataDir();
  const removeMadeDataDir = () => {
    if (madeHere) rmSync(dataDir, { recursive: true, force: true });
  };
  let idp: RunningIdp;
  try {
    idp = await startIdp({
      port: 0,
      directory: testDirectory(),
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
    ...idp,
    close: async () => {
      try {
        await idp.close();
      } finally {
        removeMadeDataDir();
      }
    },
  };
}

/** openid-client's view of the emulator, as the SPA's public client. */
export function discoverAsSpa(idp: RunningIdp): Promise<client.Configuration> {
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
    scope: `${apiScope(Scopes.TasksRead)} openid profile offline_access`,
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

  constructor(private readonly idp: RunningIdp) {}

  get authorizeUrl(): string {
    return `${this.idp.authority}/oauth2/v2.0/authorize`;
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
  idp: RunningIdp,
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
  idp: RunningIdp,
  form: Record<string, string>,
  origin: string = spaOrigin,
): Promise<Response> {
  return fetch(`${idp.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', origin },
    body: new URLSearchParams(form).toString(),
  });
}

/** Redeems a code as MSAL does and returns the JSON body. */
export async function redeemCode(
  idp: RunningIdp,
  signedIn: { code: string; pkce: Pkce; params: URLSearchParams },
): Promise<Record<string, unknown>> {
  const response = await postToken(idp, {
    client_id: spaClientId,
    redirect_uri: signedIn.params.get('redirect_uri') ?? '',
    scope: signedIn.params.get('scope') ?? '',
    code: signedIn.code,
    code_verifier: signedIn.pkce.verifier,
    grant_type: 'authorization_code',
    client_info: '1',
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`Token endpoint: ${JSON.stringify(body)}`);
  return body;
}
