// `pnpm --filter @pixy/local-idp dev`: compile, then recompile on change (tsc --watch) and
// restart the emulator whenever the output changes (node --watch). Plain Node, so it
// runs the same on Linux, macOS and Windows, and under `turbo run dev`.
import { spawn, spawnSync } from 'node:child_process';
import process from 'node:process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const children = [
  spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
    stdio: 'inherit',
  }),
  spawn(process.execPath, ['--watch', 'dist/main.js'], { stdio: 'inherit' }),
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
