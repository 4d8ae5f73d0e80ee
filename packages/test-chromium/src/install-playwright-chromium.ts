/**
 * Downloading Playwright's own Chromium when no other browser is found, so a newcomer
 * runs no extra command. Uses the CLI of the installed playwright-core, the same version
 * that drives the browser, so the build matches.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function playwrightCliPath(): string {
  return join(dirname(require.resolve('playwright-core/package.json')), 'cli.js');
}

/** Runs `playwright install chromium`; throws an error that says what else to do. */
export function installPlaywrightChromium(): void {
  console.log('No Chromium found: installing Playwright’s own (`playwright install chromium`)…');
  try {
    execFileSync(process.execPath, [playwrightCliPath(), 'install', 'chromium'], {
      stdio: 'inherit',
    });
  } catch (error) {
    throw new Error(
      `Could not install Playwright's Chromium (${(error as Error).message.split('\n')[0]}). ` +
        'Install Chromium or Chrome (Debian/Ubuntu: apt-get install chromium), ' +
        'or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH to a Chromium binary.',
      { cause: error },
    );
  }
}
