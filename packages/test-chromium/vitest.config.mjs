// Tests that launch Chromium take seconds, more on a busy CI machine: generous timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 30_000 },
});
