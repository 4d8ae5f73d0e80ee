// The unmodified MSAL browser library, in Chromium, against the emulator: sign in by
// redirect with PKCE, get a token from the cache and then by refresh token, step up to an
// authentication context through a claims challenge, sign out; then a partner's user
// through the multi-tenant `/organizations` authority. The fixture page is the smallest
// relying party MSAL allows. The tests are the steps of one browser session, in order
// (Vitest runs a file's tests one after another): each starts from where the previous left.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumForTests } from '@pixy/test-chromium';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './index.js';
import type {} from '../test-support/global-setup.js'; // types inject()
import { contoso, fabrikam, ids, testConfig } from '../test-support/test-config.js';
import { startFixtureServer, type FixtureServer } from '../test-support/msal-fixture-server.js';

let scratch: string;
let emulator: RunningEmulator;
let fixture: FixtureServer;
let browser: Browser;
let page: Page;
/** Every request the page sent to the emulator, in order. */
const emulatorRequests: Request[] = [];

const readScope = `api://${ids.api}/Tasks.Read`;
const stepUpClaims = JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } });

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'entra-emulator-browser-'));
  // The throw-away test CA of the package's global setup: no `pnpm certs` needed.
  const certs = inject('emulatorTestCerts');
  const tls = { cert: readFileSync(certs.cert, 'utf8'), key: readFileSync(certs.key, 'utf8') };
  fixture = await startFixtureServer(tls);
  emulator = await startEmulator({
    port: 0,
    dataDir: join(scratch, 'emulator'),
    config: testConfig({ spaUrl: fixture.origin }),
    tls,
  });
  configureFixture(emulator.authority);

  // The browser trusts that CA through an NSS database kept with the test's other files.
  const setup = chromiumForTests({ caPath: certs.ca, certPath: certs.cert, cacheDir: scratch });
  browser = await chromium.launch(setup.launchOptions);
  page = await newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await fixture?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function configureFixture(authority: string): void {
  fixture.configure({
    authority,
    clientId: ids.spa,
    scopes: [readScope],
    clientCapabilities: ['CP1'],
    stepUpClaims,
  });
}

/** A page in a new browser context: no MSAL cache, no emulator session. */
async function newPage(): Promise<Page> {
  const opened = await (await browser.newContext()).newPage();
  opened.on('request', (request) => {
    if (request.url().startsWith(emulator.url)) emulatorRequests.push(request);
  });

  return opened;
}

const field = (id: string) => page.locator(`#${id}`);
const tokenRequests = () =>
  emulatorRequests.filter((r) => r.method() === 'POST' && r.url().includes('/oauth2/v2.0/token'));

it('signs in by redirect with PKCE (S256) and shows the account', async () => {
  await page.goto(`${fixture.origin}/`);
  await expect.poll(() => field('status').innerText()).toBe('signed out');

  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /Alice Adams.*alice@contoso\.test/ }).click();

  await expect.poll(() => field('status').innerText()).toBe('signed in');
  expect(await field('account').innerText()).toBe('Alice Adams');
  expect(await field('username').innerText()).toBe('alice@contoso.test');
  expect(await field('tenant').innerText()).toBe(contoso);
  expect(await field('error').innerText()).toBe('');

  const authorize = emulatorRequests.find((r) => r.url().includes('/oauth2/v2.0/authorize'));
  const query = new URL(authorize!.url()).searchParams;
  expect(query.get('code_challenge_method')).toBe('S256');
  expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(query.get('response_type')).toBe('code');

  const redemption = new URLSearchParams(tokenRequests()[0]!.postData() ?? '');
  expect(redemption.get('grant_type')).toBe('authorization_code');
  expect(redemption.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
  expect(redemption.has('client_secret')).toBe(false);
});

it('gets the access token silently from the cache, with the requested scope and the client capability', async () => {
  const sentBefore = tokenRequests().length;
  await page.getByRole('button', { name: 'Get token' }).click();

  await expect.poll(() => field('token-source').innerText()).toBe('cache');
  expect(await field('token-scopes').innerText()).toBe(readScope);
  expect(await field('token-scp').innerText()).toBe('Tasks.Read');
  // MSAL sent clientCapabilities as claims.access_token.xms_cc; the API opted in to xms_cc.
  expect(await field('token-xms-cc').innerText()).toBe('cp1');
  expect(await field('token-acrs').innerText()).toBe('');
  expect(tokenRequests()).toHaveLength(sentBefore);
});

it('gets a new access token silently with the refresh token when forced', async () => {
  const cachedTokenId = await field('token-id').innerText();
  const sentBefore = tokenRequests().length;
  await page.getByRole('button', { name: 'Refresh token' }).click();

  await expect.poll(() => field('token-source').innerText()).toBe('network');
  expect(await field('token-scp').innerText()).toBe('Tasks.Read');
  expect(await field('token-id').innerText()).not.toBe(cachedTokenId);
  expect(await field('error').innerText()).toBe('');

  const refresh = tokenRequests().slice(sentBefore);
  expect(refresh).toHaveLength(1);
  const body = new URLSearchParams(refresh[0]!.postData() ?? '');
  expect(body.get('grant_type')).toBe('refresh_token');
  expect(body.get('refresh_token')).toBeTruthy();
});

it('answers a claims challenge for an authentication context: silently interaction_required, then the step-up page, then a token with acrs', async () => {
  await page.getByRole('button', { name: 'Step up' }).click();

  await page.getByRole('heading', { name: 'Verify your identity' }).waitFor();
  await page.getByRole('button', { name: 'Approve' }).click();

  await page.waitForURL(`${fixture.origin}/**`);
  await expect.poll(() => field('token-source').innerText()).toBe('redirect');
  expect(await field('token-acrs').innerText()).toBe('c1');
  expect(await field('token-scp').innerText()).toBe('Tasks.Read');
  expect(await field('error').innerText()).toBe('');
  // MSAL first tried the refresh token with the claims, which needs interaction…
  expect(await field('step-up-silent').innerText()).toBe('interaction_required');
  const silent = tokenRequests().find((r) => r.postData()?.includes('acrs'));
  expect(new URLSearchParams(silent!.postData() ?? '').get('grant_type')).toBe('refresh_token');
  // …then redirected to /authorize with them.
  const authorize = emulatorRequests
    .filter((r) => r.method() === 'GET' && r.url().includes('/oauth2/v2.0/authorize'))
    .at(-1);
  expect(JSON.parse(new URL(authorize!.url()).searchParams.get('claims') ?? '{}')).toMatchObject({
    access_token: { acrs: { essential: true, value: 'c1' } },
  });
});

it('signs out by redirect and comes back signed out', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.waitForURL(`${fixture.origin}/**`);
  await expect.poll(() => field('status').innerText()).toBe('signed out');
  const logout = emulatorRequests.find((r) => r.url().includes('/oauth2/v2.0/logout'));
  expect(new URL(logout!.url()).searchParams.get('post_logout_redirect_uri')).toBe(
    `${fixture.origin}/`,
  );

  // The emulator's session is gone too: signing in again shows the user picker.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /Alice Adams/ }).waitFor();
});

it("signs a partner's user (Fiona, Fabrikam) in through the /organizations authority, into her own tenant", async () => {
  configureFixture(emulator.authorityFor('organizations'));
  page = await newPage();
  await page.goto(`${fixture.origin}/`);
  await expect.poll(() => field('status').innerText()).toBe('signed out');

  await page.getByRole('button', { name: 'Sign in' }).click();
  // Personal accounts cannot use /organizations: Max is not offered.
  await expect(page.getByRole('button', { name: /Max Personal/ }).count()).resolves.toBe(0);
  await page.getByRole('button', { name: /Fiona Fabrikam.*fiona@fabrikam\.test/ }).click();

  await expect.poll(() => field('status').innerText()).toBe('signed in');
  expect(await field('username').innerText()).toBe('fiona@fabrikam.test');
  expect(await field('tenant').innerText()).toBe(fabrikam);
  expect(await field('error').innerText()).toBe('');
  const discovery = emulatorRequests.find((r) =>
    r.url().endsWith('/organizations/v2.0/.well-known/openid-configuration'),
  );
  expect(discovery).toBeDefined();

  await page.getByRole('button', { name: 'Refresh token' }).click();
  await expect.poll(() => field('token-source').innerText()).toBe('network');
  expect(await field('token-tid').innerText()).toBe(fabrikam);
});
