// The emulator's tests: a global setup makes a throw-away test CA and has the test
// workers trust it (NODE_EXTRA_CA_CERTS is read only when a process starts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test-support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
