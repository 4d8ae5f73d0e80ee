// The e2e suite: one Chromium (resolved and made to trust the dev CA by
// @pixy/test-chromium), one worker (the tests share one stack, and some restart its apps),
// traces and screenshots kept for failures only (under test-results/, git-ignored).
import { defineConfig } from '@playwright/test';
import { chromiumForTests } from '@pixy/test-chromium';

const chromium = chromiumForTests();
if (!process.env.TEST_WORKER_INDEX) console.log(chromium.summary);

export default defineConfig({
  testDir: './tests',
  globalSetup: './stack/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  use: {
    baseURL: 'https://localhost:5173',
    browserName: 'chromium',
    launchOptions: chromium.launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
});
