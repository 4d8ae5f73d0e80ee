// `pnpm --filter @pixy/api dev`: swc compiles and recompiles on change (swc --watch), and
// the API restarts whenever the output changes (node --watch-path=dist), starting only once
// swc's first compile is written (scripts/lib/watch-then-start.mjs).
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { watchThenStart } from '../../scripts/lib/watch-then-start.mjs';

const swc = createRequire(import.meta.url).resolve('@swc/cli/bin/swc.js');
rmSync('dist', { recursive: true, force: true });
watchThenStart({
  name: 'api',
  compiler: [
    swc,
    'src',
    '-d',
    'dist',
    '--strip-leading-paths',
    '--ignore',
    '**/*.test.ts',
    '--watch',
  ],
  // swc reports its first compile, then "Watching for file changes."
  firstCompile: (output) =>
    output.includes('Watching for file changes') ? 'compiled' : 'compiling',
  app: ['--watch-path=dist', '--import', './dist/telemetry.js', 'dist/main.js'],
});
