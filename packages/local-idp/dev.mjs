// `pnpm --filter @pixy/local-idp dev`: tsc compiles and recompiles on change (tsc --watch),
// and the emulator restarts whenever the output changes (node --watch), starting only once
// tsc's first compile is written (scripts/lib/watch-then-start.mjs).
import { createRequire } from 'node:module';
import { watchThenStart } from '../../scripts/lib/watch-then-start.mjs';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
watchThenStart({
  name: 'local-idp',
  compiler: [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
  // tsc ends each compile with "Found N errors. Watching for file changes."
  firstCompile: (output) => {
    const found = /Found (\d+) errors?\. Watching for file changes/.exec(output);
    if (!found) return 'compiling';
    return found[1] === '0' ? 'compiled' : 'failed';
  },
  app: ['--watch', 'dist/main.js'],
});
