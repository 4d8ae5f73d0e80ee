// `pnpm --filter @pixy/api dev`: compile with swc and recompile on change (swc --watch),
// and restart the API whenever the output changes (node --watch-path=dist). The API starts
// once swc's first compile is written, so that compile does not restart it: `pnpm dev` says
// the stack is ready only when no restart is on its way. Plain Node, so it runs the same on
// Linux, macOS and Windows, and under `turbo run dev`.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';

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
  return child;
}

rmSync('dist', { recursive: true, force: true });
const swcArgs = ['src', '-d', 'dist', '--strip-leading-paths', '--ignore', '**/*.test.ts'];
const watcher = supervise(
  spawn(process.execPath, [swc, ...swcArgs, '--watch'], { stdio: ['ignore', 'pipe', 'inherit'] }),
);
let api;
let pending = '';
watcher.stdout.setEncoding('utf8');
watcher.stdout.on('data', (text) => {
  process.stdout.write(text);
  if (api) return;
  pending += text;
  // swc reports its first compile, then "Watching for file changes."
  if (!pending.includes('Watching for file changes')) return;
  api = supervise(
    spawn(
      process.execPath,
      ['--watch-path=dist', '--import', './dist/telemetry.js', 'dist/main.js'],
      { stdio: 'inherit' },
    ),
  );
});
