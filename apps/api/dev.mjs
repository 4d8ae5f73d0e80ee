// `pnpm --filter @pixy/api dev`: compile with swc, then recompile on change (swc --watch)
// and restart the API whenever the output changes (node --watch). Run through
// pixy-with-dev-ca (see package.json) so the local emulator's certificate is trusted.
// Plain Node, so it runs the same on Linux, macOS and Windows, and under `turbo run dev`.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';

const swc = createRequire(import.meta.url).resolve('@swc/cli/bin/swc.js');
const swcArgs = ['src', '-d', 'dist', '--strip-leading-paths', '--ignore', '**/*.test.ts'];
const build = spawnSync(process.execPath, [swc, ...swcArgs], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const children = [
  spawn(process.execPath, [swc, ...swcArgs, '--watch', '--quiet'], { stdio: 'inherit' }),
  spawn(process.execPath, ['--watch-path=dist', 'dist/main.js'], { stdio: 'inherit' }),
];
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => children.forEach((child) => child.kill(signal)));
}
for (const child of children) {
  child.on('exit', (code) => {
    children.forEach((other) => other.kill());
    process.exit(code ?? 0);
  });
}
