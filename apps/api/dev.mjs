// `pnpm --filter @pixy/api dev`: compile with swc and recompile on change (swc --watch),
// and restart the API whenever the output changes (node --watch).
// Plain Node, so it runs the same on Linux, macOS and Windows, and under `turbo run dev`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';

const swc = createRequire(import.meta.url).resolve('@swc/cli/bin/swc.js');
const children = [];
const stopAll = (signal) => children.forEach((child) => child.kill(signal));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
function supervise(child) {
  children.push(child);
  child.on('exit', (code) => {
    stopAll('SIGTERM');
    process.exit(code ?? 0);
  });
}

rmSync('dist', { recursive: true, force: true });
const swcArgs = ['src', '-d', 'dist', '--strip-leading-paths', '--ignore', '**/*.test.ts'];
supervise(spawn(process.execPath, [swc, ...swcArgs, '--watch'], { stdio: 'inherit' }));

// swc --watch first compiles everything: start the API once that output has settled, so
// the first compile does not restart it file by file.
let previous = -1;
for (;;) {
  await delay(400);
  if (!existsSync(join('dist', 'main.js'))) continue;
  const newest = newestChange('dist');
  if (newest === previous) break;
  previous = newest;
}
supervise(
  spawn(
    process.execPath,
    ['--watch-path=dist', '--import', './dist/telemetry.js', 'dist/main.js'],
    {
      stdio: 'inherit',
    },
  ),
);

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}
