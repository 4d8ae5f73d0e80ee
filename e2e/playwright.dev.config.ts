// The `pnpm dev` test (`pnpm --filter @pixy/e2e test:dev`): dev-stack/global-setup.ts runs
// `pnpm dev` on the fixed ports (so, like the e2e suite, it needs them free); the same
// Chromium as the e2e suite.
import { defineConfig } from '@playwright/test';
import { chromiumForTests } from '@pixy/test-chromium';

const chromium = chromiumForTests();
if (!process.env.TEST_WORKER_INDEX) console.log(chromium.summary);

export default defineConfig({
  testDir: './dev-stack',
  globalSetup: './dev-stack/global-setup.ts',
  outputDir: './test-results/dev-stack',
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
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
