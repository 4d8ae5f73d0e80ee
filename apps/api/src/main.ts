// Runs the API: `pnpm --filter @pixy/api start` (compiled) on PORT (default 3000), as
// `node --import ./dist/telemetry.js dist/main.js` (telemetry.ts: traces when OTEL_* asks).
// Configuration is validated before anything starts; the authority may still be down.
import { ConfigError } from '@pixy/config';
import { startApi } from './app.js';
import { authorityAgent } from '@pixy/authority-https';
import { loadApiConfig } from './config/api-config.js';
import { shutdownTelemetry } from './telemetry.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadApiConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const api = await startApi(config, { authorityAgent: authorityAgent(config.stack.authority) });
  console.log(
    `Pixy API on ${config.stack.apiUrl} (port ${config.port}); tokens from ${config.stack.authority}; docs at ${config.stack.apiUrl}/docs`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then stopping.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    api
      .close()
      .then(() => shutdownTelemetry()) // the last spans, flushed
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
