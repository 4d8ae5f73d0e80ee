// A built Node server (the API's dist, say) started as a child process for a test: ready
// once a URL answers 2xx (@pixy/dev-certs' waitUntilReady, the one readiness check), its
// stderr kept to explain a failed start and its stdout for the test to read, stopped with
// SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { waitUntilReady } from '@pixy/dev-certs';

export interface NodeServer {
  readonly url: string;
  readonly port: number;
  /** What the server has written on stdout so far (its logs). */
  stdout(): string;
  stop(): Promise<void>;
}

export interface NodeServerOptions {
  /** Node arguments: `['--import', 'dist/telemetry.js', 'dist/main.js']`. */
  readonly args: readonly string[];
  /** The whole environment (nothing is inherited but PATH); PORT is added. */
  readonly env: Readonly<Record<string, string>>;
  /** Answers 2xx once the server is ready, e.g. `/health`. */
  readonly readyPath: string;
  readonly timeoutMs?: number;
}

export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...options.args], {
    env: { PATH: process.env.PATH ?? '', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const outcome = await waitUntilReady(`${url}${options.readyPath}`, {
    timeoutMs,
    gaveUp: () => child.exitCode !== null,
  });
  if (!outcome.ready && outcome.reason === 'gave up') {
    throw new Error(`The server exited (${child.exitCode}) before it was ready:\n${stderr}`);
  }
  if (!outcome.ready) {
    child.kill('SIGKILL');
    throw new Error(`The server was not ready at ${url}${options.readyPath} in time:\n${stderr}`);
  }
  return {
    url,
    port,
    stdout: () => stdout,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
