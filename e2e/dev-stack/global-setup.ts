/**
 * Playwright global setup of the `pnpm dev` test: checks the fixed ports, runs `pnpm dev`
 * at the repository root as a developer does (with data folders of its own, so a
 * developer's keys and tasks are not touched), and waits for its "Pixy is running" banner.
 * Returns the teardown, which stops it as Ctrl-C does.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPortsFree } from '../stack/ports.js';
import { e2eDataDir, repoRoot } from '../stack/stack.js';
import { devStackVariable, type DevStack } from './dev-stack.js';

const bannerLine = 'Pixy is running (ready in';

export default async function globalSetup(): Promise<() => Promise<void>> {
  await assertPortsFree(['idp', 'api', 'web']);
  const data = mkdtempSync(join(tmpdir(), 'pixy-dev-test-'));
  const logs = join(e2eDataDir, 'logs');
  // A fresh clone has no e2e/.data yet: this suite may run before the others.
  mkdirSync(logs, { recursive: true });
  const logFile = join(logs, 'pnpm-dev.log');
  rmSync(logFile, { force: true });
  const log = openSync(logFile, 'a');
  const child = spawn('pnpm', ['dev'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      IDP_DATA_DIR: join(data, 'idp'),
      DATABASE_URL: join(data, 'pglite'),
      FORCE_COLOR: '0',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // Already gone.
    }
    const gone = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!gone) process.kill(-child.pid!, 'SIGKILL');
    rmSync(data, { recursive: true, force: true });
  };

  const deadline = Date.now() + 180_000;
  for (;;) {
    const text = readFileSync(logFile, 'utf8');
    const bannerOffset = text.indexOf(bannerLine);
    if (bannerOffset !== -1) {
      const stack: DevStack = { logFile, bannerOffset };
      process.env[devStackVariable] = JSON.stringify(stack);
      return stop;
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `\`pnpm dev\` ${child.exitCode !== null ? `exited (code ${child.exitCode})` : 'printed no banner within 180 s'}. ` +
          `Last lines of ${logFile}:\n${text.trimEnd().split('\n').slice(-40).join('\n')}`,
      );
    }
    await sleep(200);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
