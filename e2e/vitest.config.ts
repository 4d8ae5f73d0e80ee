// Unit tests of the suite's own harness (stack/*.test.ts); the Playwright scenarios in
// tests/ are run by `playwright test`, never by Vitest.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['stack/**/*.test.ts', 'test-support/**/*.test.ts'] },
});
