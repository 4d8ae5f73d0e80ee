/**
 * One app of the stack as a child process: started from its package script, its output
 * kept in a log file (shown when it fails to start), ready when its URL answers 2xx (@pixy/dev-certs' waitUntilReady), and
 * stopped with everything it spawned (pnpm → shell → node), on every OS.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { waitUntilReady } from '@pixy/dev-certs';

export interface AppProcessSpec {
  readonly name: string;
  /** The package folder (or a deployed app's); the script or command runs there. */
  readonly cwd: string;
  /** The package.json script (`start`, `preview`), or a command to run as it is. */
  readonly script: string | { readonly command: readonly [string, ...string[]] };
  readonly env: NodeJS.ProcessEnv;
  /** Answers 2xx once the app is ready. */
  readonly readyUrl: string;
  readonly logFile: string;
  /** The dev CA, to check https readiness URLs (this process may not trust it). */
  readonly ca: string;
}

export class AppProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly spec: AppProcessSpec) {}

  /** Starts the app and resolves once its ready URL answers; fails with its log tail. */
  async start(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    const log = openSync(this.spec.logFile, 'a');
    const [file, ...args] =
      typeof this.spec.script === 'string'
        ? ['pnpm', 'run', '--silent', this.spec.script]
        : this.spec.script.command;
    const child = spawn(file, args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', log, log],
      // Its own process group, so stop() reaches the node process behind pnpm and sh.
      detached: process.platform !== 'win32',
      shell: process.platform === 'win32',
    });
    closeSync(log);
    this.child = child;
    let exitCode: number | null | undefined;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        exitCode = code;
        resolve();
      }),
    );

    const outcome = await waitUntilReady(this.spec.readyUrl, {
      ca: this.spec.ca,
      timeoutMs,
      gaveUp: () => exitCode !== undefined,
    });
    if (outcome.ready) return Date.now() - started;
    if (outcome.reason === 'gave up') {
      throw new Error(
        `${this.spec.name} exited (code ${exitCode}) before it was ready.\n${this.logTail()}`,
      );
    }
    await this.stop();
    throw new Error(
      `${this.spec.name} did not answer ${this.spec.readyUrl} within ${timeoutMs / 1000} s.\n${this.logTail()}`,
    );
  }

  /** Stops the app and everything it started; resolves when it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    if (process.platform === 'win32') {
      spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    } else {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    const killTimer = setTimeout(() => {
      try {
        if (process.platform !== 'win32') process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5_000);
    await this.exited;
    clearTimeout(killTimer);
    this.child = undefined;
  }

  private logTail(lines = 40): string {
    try {
      const text = readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n');
      return `Last lines of ${this.spec.logFile}:\n${text.slice(-lines).join('\n')}`;
    } catch {
      return `(no log at ${this.spec.logFile})`;
    }
  }
}
