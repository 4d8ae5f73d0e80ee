/**
 * One call that gives a test runner everything it needs to start Chromium: the binary
 * (installed when missing), launch options that work as root in CI and on a closed
 * network, and trust of the local dev CA. Used by the Playwright config
 * (`use.launchOptions`) and by Vitest browser tests
 * (`chromium.launch(setup.launchOptions)`).
 */
import { chromium, type LaunchOptions } from 'playwright-core';
import { certPaths } from '@pixy/dev-certs';
import { installPlaywrightChromium } from './install-playwright-chromium.js';
import {
  defaultResolveEnvironment,
  resolveChromium,
  type ChromiumResolution,
} from './resolve-executable.js';
import { needsNoSandbox } from './sandbox.js';
import { trustDevCa, type CaTrust } from './trust-ca.js';

/**
 * Switches that keep Chromium off the network on its own initiative: on a closed network
 * its background requests are refused, many at a time, and slow every start. Playwright
 * adds most of them already; they are listed so the set does not depend on its version.
 */
export const quietNetworkArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
] as const;

export interface ChromiumForTestsOptions {
  /** The dev CA to trust; defaults to the repository's `.certs/ca.pem`. */
  readonly caPath?: string;
  /** The localhost certificate; defaults to `.certs/localhost.pem`. */
  readonly certPath?: string;
  /** Install Playwright's Chromium when no browser is found (default true). */
  readonly install?: boolean;
  /** Overrides for tests of this package. */
  readonly certutil?: string;
  readonly cacheDir?: string;
}

export interface ChromiumForTests {
  readonly browser: ChromiumResolution;
  readonly trust: CaTrust;
  /** Pass to `chromium.launch()` or the Playwright config's `use.launchOptions`. */
  readonly launchOptions: LaunchOptions;
  /** One line for the test output: which browser, and how the CA is trusted. */
  readonly summary: string;
}

export function chromiumForTests(options: ChromiumForTestsOptions = {}): ChromiumForTests {
  const paths = certPaths();
  const caPath = options.caPath ?? paths.ca;
  const certPath = options.certPath ?? paths.cert;

  let browser = resolveChromium(defaultResolveEnvironment(() => chromium.executablePath()));
  if (!browser.installed && options.install !== false) {
    installPlaywrightChromium();
    browser = { ...browser, installed: true };
  }

  const trust = trustDevCa({
    caPath,
    certPath,
    ...(options.certutil ? { certutil: options.certutil } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  });

  const sandbox = !needsNoSandbox();
  const args: string[] = [...quietNetworkArgs];
  let env: LaunchOptions['env'];
  if (trust.kind === 'nss') env = { ...definedEnv(), HOME: trust.home };
  else args.push(`--ignore-certificate-errors-spki-list=${trust.spkiHashes.join(',')}`);

  const launchOptions: LaunchOptions = {
    // Playwright's own build: let Playwright pick between its full Chromium and headless shell.
    ...(browser.source === 'playwright' ? {} : { executablePath: browser.executablePath }),
    chromiumSandbox: sandbox,
    args,
    ...(env ? { env } : {}),
  };

  const how =
    trust.kind === 'nss'
      ? `dev CA trusted through an NSS database in ${trust.home}`
      : `dev CA trusted by SPKI pin (${trust.reason})`;
  const summary = `Chromium: ${browser.executablePath} (${browser.source}); ${how}; sandbox ${sandbox ? 'on' : 'off'}`;

  return { browser, trust, launchOptions, summary };
}

function definedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}
