// Launches the real browser against an https server whose certificate comes from a test
// CA, and checks what a page load shows with each way of trusting that CA.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certPaths, ensureDevCerts, type CertPaths } from '@pixy/dev-certs';
import { chromium, type LaunchOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForTests } from './chromium-for-tests.js';

let scratch: string;
let trusted: CertPaths;
let stranger: CertPaths;
let trustedOrigin: string;
let strangerOrigin: string;
const servers: Server[] = [];

async function serve(paths: CertPaths, body: string): Promise<string> {
  const server = createServer(
    { cert: readFileSync(paths.cert), key: readFileSync(paths.key) },
    (_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<title>${body}</title><h1>${body}</h1>`);
    },
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

/** What the page shows after navigating, or the network error Chromium reports. */
async function visit(launchOptions: LaunchOptions, url: string): Promise<string> {
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage();
    try {
      await page.goto(url);
      return await page.locator('h1').innerText();
    } catch (error) {
      return (error as Error).message.match(/net::ERR_[A-Z_]+/)?.[0] ?? (error as Error).message;
    }
  } finally {
    await browser.close();
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pixy-test-chromium-'));
  trusted = certPaths(join(scratch, 'trusted'));
  stranger = certPaths(join(scratch, 'stranger'));
  ensureDevCerts(trusted);
  ensureDevCerts(stranger);
  trustedOrigin = await serve(trusted, 'served by the dev CA');
  strangerOrigin = await serve(stranger, 'served by another CA');
});

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('chromiumForTests', () => {
  it('loads a page from the dev CA through a throw-away NSS database, with no error flags', async () => {
    const setup = chromiumForTests({
      caPath: trusted.ca,
      certPath: trusted.cert,
      cacheDir: scratch,
    });
    expect(setup.trust.kind).toBe('nss');
    expect(setup.launchOptions.args?.join(' ')).not.toMatch(/ignore-certificate/);
    expect(await visit(setup.launchOptions, trustedOrigin)).toBe('served by the dev CA');
  });

  it('still rejects a certificate from any other CA', async () => {
    const setup = chromiumForTests({
      caPath: trusted.ca,
      certPath: trusted.cert,
      cacheDir: scratch,
    });
    expect(await visit(setup.launchOptions, strangerOrigin)).toBe(
      'net::ERR_CERT_AUTHORITY_INVALID',
    );
  });

  it('falls back to an SPKI pin when certutil is missing, and the pin admits only the dev CA', async () => {
    const setup = chromiumForTests({
      caPath: trusted.ca,
      certPath: trusted.cert,
      // A cache of its own: the NSS home made by the other tests would be reused otherwise.
      cacheDir: mkdtempSync(join(scratch, 'no-certutil-')),
      certutil: join(scratch, 'no-certutil-here'),
    });
    expect(setup.trust.kind).toBe('spki');
    expect(setup.trust.kind === 'spki' && setup.trust.reason).toMatch(/certutil was not found/);
    expect(setup.summary).toMatch(/SPKI pin/);
    expect(await visit(setup.launchOptions, trustedOrigin)).toBe('served by the dev CA');
    expect(await visit(setup.launchOptions, strangerOrigin)).toBe(
      'net::ERR_CERT_AUTHORITY_INVALID',
    );
  });

  it('without any trust, Chromium refuses the dev certificate (the control case)', async () => {
    const setup = chromiumForTests({
      caPath: trusted.ca,
      certPath: trusted.cert,
      cacheDir: scratch,
    });
    const { env: _trustingHome, ...untrusting } = setup.launchOptions;
    expect(await visit(untrusting, trustedOrigin)).toBe('net::ERR_CERT_AUTHORITY_INVALID');
  });
});
