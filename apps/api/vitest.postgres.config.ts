// `pnpm test:postgres`: the tasks store suite against a real PostgreSQL named by
// TEST_DATABASE_URL (`.ci/run` starts Debian's). Kept out of `pnpm test`, which needs no server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.postgres-test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
