// The apps' dev runner (scripts/lib/watch-then-start.mjs, behind `pnpm dev`'s emulator and
// API): the app starts once the compiler's first compile is written, never when it failed,
// and stopping the runner stops both. Driven with stand-in compiler and app scripts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from './workspace.js';

const runnerModule = pathToFileURL(join(repoRoot, 'scripts', 'lib', 'watch-then-start.mjs')).href;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Starts the runner with a compiler that prints `compilerOutput` and then keeps watching. */
function startRunner(compilerOutput: string) {
  const folder = mkdtempSync(join(tmpdir(), 'pixy-watch-then-start-'));
  folders.push(folder);
  const keepRunning = 'setInterval(() => {}, 1000);';
  writeFileSync(
    join(folder, 'compiler.mjs'),
    `console.log(${JSON.stringify(compilerOutput)}); ${keepRunning}`,
  );
  writeFileSync(join(folder, 'app.mjs'), `console.log('app started'); ${keepRunning}`);
  writeFileSync(
    join(folder, 'runner.mjs'),
    `import { watchThenStart } from ${JSON.stringify(runnerModule)};
watchThenStart({
  name: 'demo',
  compiler: [${JSON.stringify(join(folder, 'compiler.mjs'))}],
  firstCompile: (output) => {
    const found = /Found (\\d+) errors?\\. Watching for file changes/.exec(output);
    if (!found) return 'compiling';
    return found[1] === '0' ? 'compiled' : 'failed';
  },
  app: [${JSON.stringify(join(folder, 'app.mjs'))}],
});`,
  );
  const runner = spawn(process.execPath, [join(folder, 'runner.mjs')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  runner.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  runner.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => runner.once('exit', resolve));
  return { runner, exited, output: () => ({ stdout, stderr }) };
}

describe('the dev runner (watch-then-start)', () => {
  it('starts the app once the first compile is written', async () => {
    const { runner, exited, output } = startRunner('Found 0 errors. Watching for file changes.');
    await expect.poll(() => output().stdout, { timeout: 10_000 }).toContain('app started');
    runner.kill('SIGTERM');
    await exited;
    expect(output().stdout.match(/app started/g)).toHaveLength(1);
  });

  it('never starts an app that did not compile, and says what to do', async () => {
    const { exited, output } = startRunner('Found 2 errors. Watching for file changes.');
    expect(await exited).toBe(1);
    expect(output().stderr).toContain('[demo] Fix the errors above');
    expect(output().stdout).not.toContain('app started');
  });
});
