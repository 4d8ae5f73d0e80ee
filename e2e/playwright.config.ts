// The e2e suite (`pnpm --filter @pixy/e2e test:e2e`): one stack on the fixed ports, which
// stack/global-setup.ts starts and some tests restart, so one worker.
import { pixyPlaywrightConfig } from './playwright.shared.js';

export default pixyPlaywrightConfig({
  testDir: './tests',
  globalSetup: './stack/global-setup.ts',
  use: { baseURL: 'https://localhost:5173' },
});
