import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test generates RSA keys; on a busy 2-core machine that can take seconds.
    testTimeout: 30_000,
  },
});
