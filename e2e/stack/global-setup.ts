/**
 * Playwright global setup: checks the ports, starts the built stack, and returns the
 * teardown that stops it. Runs once per `playwright test`, before any worker starts.
 */
import { ConfigReader, loadDotEnv, localDefaults, readStackConfig } from '@pixy/config';
import { assertPortsFree, type AppName } from './ports.js';
import { serveStackControl } from './stack-control.js';
import { defineStack, resetStackData } from './stack.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const tenantId = assertLocalStack();
  const order: AppName[] = ['idp', 'api', 'web'];
  await assertPortsFree(order);
  resetStackData();

  const stack = defineStack(tenantId);
  const control = await serveStackControl(stack);
  const stopAll = async () => {
    control.close();
    await Promise.all(order.map((app) => stack[app].stop()));
  };

  try {
    // In parallel: the API starts without the emulator (it fetches discovery lazily).
    const times = await Promise.all(order.map((app) => stack[app].start()));
    console.log(
      `e2e stack ready: ${order.map((app, i) => `${app} ${(times[i]! / 1000).toFixed(1)} s`).join(', ')}`,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}

/** The suite drives the local emulator; an .env pointing at a real tenant would send it there. */
function assertLocalStack(): string {
  loadDotEnv();
  const reader = new ConfigReader();
  const stack = readStackConfig(reader);
  reader.finish();
  const expected = `${localDefaults.IDP_ORIGIN}/${stack.tenantId}`;
  if (
    stack.authority !== expected ||
    stack.spaUrl !== localDefaults.SPA_URL ||
    stack.apiUrl !== localDefaults.API_URL
  ) {
    throw new Error(
      `The e2e suite runs against the local stack (${expected}, ${localDefaults.SPA_URL}, ${localDefaults.API_URL}), ` +
        `but the configuration (.env or the environment) says AUTH_AUTHORITY=${stack.authority}, SPA_URL=${stack.spaUrl}, ` +
        `API_URL=${stack.apiUrl}. Unset them for the test run.`,
    );
  }
  return stack.tenantId;
}
