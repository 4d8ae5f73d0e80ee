// The production-artifact test (`pnpm --filter @pixy/e2e test:artifacts`): the deployed
// API, the web image's nginx configuration and PostgreSQL, started by
// artifacts/global-setup.ts on free ports; the same Chromium as the e2e suite.
import { defineConfig } from '@playwright/test';
import { chromiumForTests } from '@pixy/test-chromium';

const chromium = chromiumForTests();
if (!process.env.TEST_WORKER_INDEX) console.log(chromium.summary);

export default defineConfig({
  testDir: './artifacts',
  globalSetup: './artifacts/global-setup.ts',
  outputDir: './test-results/artifacts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    launchOptions: chromium.launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
});
