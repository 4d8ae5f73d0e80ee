// OpenTelemetry traces, when the standard OTEL_* variables ask for them (an OTLP endpoint,
// or an exporter other than none). Loaded before the API, as OpenTelemetry requires:
//   node --import ./dist/telemetry.js dist/main.js      (what `pnpm start` and the image run)
// Instrumented: incoming HTTP requests (health checks left out), outgoing HTTP (the
// authority, Microsoft Graph) and PostgreSQL queries. The W3C `traceparent` of a caller is
// continued. Configured by the official SDK from the environment (OTEL_SERVICE_NAME,
// OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, …); nothing is loaded otherwise.
import { register } from 'node:module';

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the environment asks for traces. */
export function tracesWanted(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.toLowerCase();
  if (exporters !== undefined && exporters.trim() !== '') {
    return exporters.split(',').some((name) => name.trim() !== 'none');
  }
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let shutdown: () => Promise<void> = () => Promise.resolve();

/** Flushes and stops the SDK (main.ts calls it on SIGTERM/SIGINT); nothing when off. */
export function shutdownTelemetry(): Promise<void> {
  return shutdown();
}

if (tracesWanted(process.env)) {
  // ESM modules are instrumented through a loader hook, registered before the app loads.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const [{ NodeSDK }, { HttpInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'pixy-api',
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/health(\/|\?|$)/.test(request.url ?? ''),
      }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  shutdown = () => sdk.shutdown();
}
