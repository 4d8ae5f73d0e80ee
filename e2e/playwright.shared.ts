// What the three Playwright configurations share (the e2e suite, the production-artifact
// test, the `pnpm dev` test): one Chromium, resolved and made to trust the dev CA by
// @pixy/test-chromium; one worker; no retries and no `.only`; traces and screenshots kept
// for failures only (under test-results/, git-ignored).
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { chromiumForTests } from '@pixy/test-chromium';

const chromium = chromiumForTests();
if (!process.env.TEST_WORKER_INDEX) console.log(chromium.summary);

/** A configuration with the shared settings; `own` adds or overrides, `use` included. */
export function pixyPlaywrightConfig(own: PlaywrightTestConfig): PlaywrightTestConfig {
  return defineConfig({
    workers: 1,
    fullyParallel: false,
    forbidOnly: true,
    retries: 0,
    timeout: 30_000,
    expect: { timeout: 5_000 },
    reporter: 'list',
    ...own,
    use: {
      browserName: 'chromium',
      launchOptions: chromium.launchOptions,
      trace: 'retain-on-failure',
      screenshot: 'only-on-failure',
      actionTimeout: 10_000,
      ...own.use,
    },
  });
}
