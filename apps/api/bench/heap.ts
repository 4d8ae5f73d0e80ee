// `pnpm --filter @pixy/api bench:heap`: the API's live heap while 50,000 never-seen tokens
// arrive, so a cache that grows without bound shows. The API runs in this process (started
// with --expose-gc) against the fake authority; every request carries a token signed just
// before it is sent, for a user never seen before; collection is forced before each figure.
// Tunables: BENCH_HEAP_TOKENS (default 50000), BENCH_CONNECTIONS (default 20).
import { localDefaults } from '@pixy/config';
import { defaultVerifiedTokenCacheSize } from '../src/auth/auth-options.js';
import { startFakeAuthority } from '../test-support/fake-authority.js';
import { startTestApi } from '../test-support/test-api.js';
import { TokenBuilder } from '../test-support/token-builder.js';
import { openTasksStore } from '../src/tasks/tasks-store.js';

const total = Number(process.env.BENCH_HEAP_TOKENS ?? 50_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc (pnpm --filter @pixy/api bench:heap does).');

const authority = await startFakeAuthority();
const store = await openTasksStore('memory://');
const api = await startTestApi(authority, store, { env: { RATE_LIMIT_PER_MINUTE: '0' } });
const tokens = new TokenBuilder(authority, {
  apiClientId: localDefaults.API_CLIENT_ID,
  spaClientId: localDefaults.SPA_CLIENT_ID,
  daemonClientId: localDefaults.DAEMON_CLIENT_ID,
});
const heapMb = () => {
  gc();
  return Math.round((process.memoryUsage().heapUsed / 1e6) * 10) / 10;
};

let sent = 0;
async function send(count: number): Promise<void> {
  const end = sent + count;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (sent < end) {
        const i = sent++;
        const suffix = i.toString(16).padStart(12, '0');
        const token = tokens.accessToken({
          user: {
            oid: `00000000-0000-4000-8000-${suffix}`,
            displayName: `User ${i}`,
            username: `u${i}@pixy.test`,
          },
        });
        const response = await api.call('/api/me', { token });
        if (response.status !== 200) throw new Error(`request ${i}: HTTP ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
}

try {
  await send(500); // warm up: JIT, the key set, connections
  const figures = [`${heapMb()} MB after ${sent} tokens`];
  for (const checkpoint of [10_000, 25_000, total].filter((n) => n <= total)) {
    await send(checkpoint - sent);
    figures.push(`${heapMb()} MB after ${sent}`);
  }
  console.log(
    `Live heap (gc forced) with never-seen tokens, verified-token cache of ` +
      `${defaultVerifiedTokenCacheSize}: ${figures.join('; ')}`,
  );
  console.log(`Verified-token cache entries at the end: ${api.auth.verifiedTokens.size}`);
} finally {
  await api.close();
  await store.close();
  await authority.close();
}
