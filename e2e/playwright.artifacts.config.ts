// The production-artifact test (`pnpm --filter @pixy/e2e test:artifacts`): the deployed
// API, the web image's nginx configuration and PostgreSQL, started by
// artifacts/global-setup.ts on free ports.
import { pixyPlaywrightConfig } from './playwright.shared.js';

export default pixyPlaywrightConfig({
  testDir: './artifacts',
  globalSetup: './artifacts/global-setup.ts',
  outputDir: './test-results/artifacts',
});
