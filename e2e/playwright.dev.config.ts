// The `pnpm dev` test (`pnpm --filter @pixy/e2e test:dev`): dev-stack/global-setup.ts runs
// `pnpm dev` on the fixed ports (so, like the e2e suite, it needs them free).
import { pixyPlaywrightConfig } from './playwright.shared.js';

export default pixyPlaywrightConfig({
  testDir: './dev-stack',
  globalSetup: './dev-stack/global-setup.ts',
  outputDir: './test-results/dev-stack',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: { baseURL: 'https://localhost:5173' },
});
