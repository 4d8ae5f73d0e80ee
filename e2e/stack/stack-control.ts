/**
 * Restarting one app of the stack from inside a test. The stack's processes belong to
 * the runner's main process (global setup), and tests run in worker processes, so global
 * setup serves a tiny loopback endpoint and tests call it through `restartApp`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppName } from './ports.js';
import type { Stack } from './stack.js';

export const stackControlVariable = 'PIXY_E2E_STACK_CONTROL';

export async function serveStackControl(stack: Stack): Promise<Server> {
  const server = createServer((request, response) => {
    const app = /^\/restart\/(idp|api|web)$/.exec(request.url ?? '')?.[1] as AppName | undefined;
    if (request.method !== 'POST' || !app) {
      response.writeHead(404).end();
      return;
    }
    const restart = async () => {
      await stack[app].stop();
      return stack[app].start();
    };
    restart().then(
      (ms) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ms })),
      (error: Error) => response.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env[stackControlVariable] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return server;
}

/** Stops and restarts one app of the suite's stack, resolving once it is ready again. */
export async function restartApp(app: AppName): Promise<void> {
  const control = process.env[stackControlVariable];
  if (!control)
    throw new Error(
      `${stackControlVariable} is not set: run the tests with \`playwright test\` (global setup starts the stack).`,
    );
  const response = await fetch(`${control}/restart/${app}`, { method: 'POST' });
  if (!response.ok) throw new Error(`Restarting ${app} failed: ${await response.text()}`);
}
