// The unmodified MSAL browser library, in Chromium, against the emulator: sign in by
// redirect with PKCE, get a token from the cache and then by refresh token, sign out.
// Independent of the SPA: the fixture page is the smallest relying party MSAL allows.
// The tests are the steps of one browser session, in order (Vitest runs a file's tests
// one after another): each step starts from the state the previous one left.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Scopes, scopeUri } from '@pixy/auth-contract';
import { localDefaults } from '@pixy/config';
import { certPaths } from '@pixy/dev-certs';
import { chromiumForTests } from '@pixy/test-chromium';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { defaultDirectory, startIdp } from '../src/index.js';
import type {} from '../src/test-support/global-setup.js'; // types inject('idpTestCerts')
import { startFixtureServer, type FixtureServer } from './fixture-server.js';

/**
 * Set to an authority (e.g. `https://localhost:8443/<tenant>`) to test an emulator that is
 * already running (`pnpm --filter @pixy/entra-emulator start`) instead of starting one: the fixture is
 * then served on the SPA's registered origin (SPA_URL, https://localhost:5173), with the
 * repository's certificates from `pnpm certs`.
 */
const runningAuthority = process.env.IDP_BROWSER_TEST_AUTHORITY;

let scratch: string;
let idpOrigin: string;
let closeIdp: () => Promise<void> = () => Promise.resolve();
let fixture: FixtureServer;
let browser: Browser;
let page: Page;
/** Every request the page sent to the emulator, in order. */
const idpRequests: Request[] = [];

const readScope = scopeUri(localDefaults.API_CLIENT_ID, Scopes.TasksRead);

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pixy-idp-browser-'));
  // By default the throw-away test CA of the package's global setup: no `pnpm certs` needed.
  const certs = runningAuthority ? certPaths() : inject('idpTestCerts');
  const tls = { cert: readFileSync(certs.cert, 'utf8'), key: readFileSync(certs.key, 'utf8') };

  let authority: string;
  if (runningAuthority) {
    fixture = await startFixtureServer(tls, Number(new URL(localDefaults.SPA_URL).port));
    authority = runningAuthority.replace(/\/$/, '');
  } else {
    fixture = await startFixtureServer(tls);
    // Pixy's app registrations, with the fixture's origin in place of the SPA's.
    const directory = defaultDirectory({
      spaClientId: localDefaults.SPA_CLIENT_ID,
      apiClientId: localDefaults.API_CLIENT_ID,
      openApiClientId: localDefaults.OPENAPI_CLIENT_ID,
      spaUrl: fixture.origin,
      apiUrl: localDefaults.API_URL,
    });
    const idp = await startIdp({ port: 0, dataDir: join(scratch, 'idp'), directory, tls });
    authority = idp.authority;
    closeIdp = () => idp.close();
  }
  idpOrigin = new URL(authority).origin;
  fixture.configure({ authority, clientId: localDefaults.SPA_CLIENT_ID, scopes: [readScope] });

  // The browser trusts that CA through an NSS database kept with the test's other files.
  const setup = chromiumForTests({ caPath: certs.ca, certPath: certs.cert, cacheDir: scratch });
  browser = await chromium.launch(setup.launchOptions);
  page = await browser.newPage();
  page.on('request', (request) => {
    if (request.url().startsWith(idpOrigin)) idpRequests.push(request);
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeIdp();
  await fixture?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const field = (id: string) => page.locator(`#${id}`);
const tokenRequests = () =>
  idpRequests.filter((r) => r.method() === 'POST' && r.url().includes('/oauth2/v2.0/token'));

it('signs in by redirect with PKCE (S256) and shows the account', async () => {
  await page.goto(`${fixture.origin}/`);
  await expect.poll(() => field('status').innerText()).toBe('signed out');

  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /Alice Adams.*alice@pixy\.test/ }).click();

  await expect.poll(() => field('status').innerText()).toBe('signed in');
  expect(await field('account').innerText()).toBe('Alice Adams');
  expect(await field('username').innerText()).toBe('alice@pixy.test');
  expect(await field('error').innerText()).toBe('');

  const authorize = idpRequests.find((r) => r.url().includes('/oauth2/v2.0/authorize'));
  const query = new URL(authorize!.url()).searchParams;
  expect(query.get('code_challenge_method')).toBe('S256');
  expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(query.get('response_type')).toBe('code');

  const redemption = new URLSearchParams(tokenRequests()[0]!.postData() ?? '');
  expect(redemption.get('grant_type')).toBe('authorization_code');
  expect(redemption.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
  expect(redemption.has('client_secret')).toBe(false);
});

it('gets the access token silently from the cache, with the requested scope', async () => {
  const sentBefore = tokenRequests().length;
  await page.getByRole('button', { name: 'Get token' }).click();

  await expect.poll(() => field('token-source').innerText()).toBe('cache');
  expect(await field('token-scopes').innerText()).toBe(readScope);
  expect(await field('token-scp').innerText()).toBe(Scopes.TasksRead);
  expect(tokenRequests()).toHaveLength(sentBefore);
});

it('gets a new access token silently with the refresh token when forced', async () => {
  const cachedTokenId = await field('token-id').innerText();
  const sentBefore = tokenRequests().length;
  await page.getByRole('button', { name: 'Refresh token' }).click();

  await expect.poll(() => field('token-source').innerText()).toBe('network');
  expect(await field('token-scp').innerText()).toBe(Scopes.TasksRead);
  expect(await field('token-id').innerText()).not.toBe(cachedTokenId);
  expect(await field('error').innerText()).toBe('');

  const refresh = tokenRequests().slice(sentBefore);
  expect(refresh).toHaveLength(1);
  const body = new URLSearchParams(refresh[0]!.postData() ?? '');
  expect(body.get('grant_type')).toBe('refresh_token');
  expect(body.get('refresh_token')).toBeTruthy();
});

it('signs out by redirect and comes back signed out', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.waitForURL(`${fixture.origin}/**`);
  await expect.poll(() => field('status').innerText()).toBe('signed out');
  const logout = idpRequests.find((r) => r.url().includes('/oauth2/v2.0/logout'));
  expect(new URL(logout!.url()).searchParams.get('post_logout_redirect_uri')).toBe(
    `${fixture.origin}/`,
  );

  // The emulator's session is gone too: signing in again shows the user picker.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /Alice Adams/ }).waitFor();
});
