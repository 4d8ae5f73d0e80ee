/**
 * An app's `dev` script: a compiler in watch mode, and the app started (with Node's own
 * --watch, so it restarts when the output changes) once the compiler's first compile is
 * written, so that compile does not restart it: `pnpm dev` says the stack is ready only
 * when no restart is on its way. Either process exiting stops the other. Plain Node, so it
 * runs the same on Linux, macOS and Windows, and under `turbo run dev`.
 */
import { spawn } from 'node:child_process';
import process from 'node:process';

/**
 * @param {object} options
 * @param {string} options.name what the app is called in messages
 * @param {string[]} options.compiler Node arguments of the compiler in watch mode
 * @param {(output: string) => 'compiling' | 'compiled' | 'failed'} options.firstCompile
 *   where the compiler's output so far says its first compile is
 * @param {string[]} options.app Node arguments of the app, --watch included
 */
export function watchThenStart({ name, compiler, firstCompile, app }) {
  const children = [];
  const stopAll = (signal) => children.forEach((child) => child.kill(signal));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
  const supervise = (child) => {
    children.push(child);
    child.on('exit', (code) => {
      stopAll('SIGTERM');
      process.exit(code ?? 0);
    });
    return child;
  };

  const watcher = supervise(
    spawn(process.execPath, compiler, { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  let started = false;
  let output = '';
  watcher.stdout.setEncoding('utf8');
  watcher.stdout.on('data', (text) => {
    process.stdout.write(text);
    if (started) return;
    output += text;
    const state = firstCompile(output);
    if (state === 'compiling') return;
    if (state === 'failed') {
      process.stderr.write(`[${name}] Fix the errors above; it starts once it compiles.\n`);
      stopAll('SIGTERM');
      process.exit(1);
    }
    started = true;
    supervise(spawn(process.execPath, app, { stdio: 'inherit' }));
  });
}
