// `pnpm --filter @pixy/local-idp dev`: compile and recompile on change (tsc --watch), and
// restart the emulator whenever the output changes (node --watch). The emulator starts once
// tsc's first compile is written, so that compile does not restart it: `pnpm dev` says the
// stack is ready only when no restart is on its way. Plain Node, so it runs the same on
// Linux, macOS and Windows, and under `turbo run dev`.
import { spawn } from 'node:child_process';
import process from 'node:process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
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

const watcher = supervise(
  spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);
let emulator;
let pending = '';
watcher.stdout.setEncoding('utf8');
watcher.stdout.on('data', (text) => {
  process.stdout.write(text);
  if (emulator) return;
  pending += text;
  // tsc ends each compile with "Found N errors. Watching for file changes."
  const found = /Found (\d+) errors?\. Watching for file changes/.exec(pending);
  if (!found) return;
  if (found[1] !== '0') {
    process.stderr.write(
      '[local-idp] Fix the errors above; the emulator starts once it compiles.\n',
    );
    stopAll('SIGTERM');
    process.exit(1);
  }
  emulator = supervise(spawn(process.execPath, ['--watch', 'dist/main.js'], { stdio: 'inherit' }));
});
