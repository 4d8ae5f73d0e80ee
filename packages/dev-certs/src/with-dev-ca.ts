#!/usr/bin/env node
/**
 * `pixy-with-dev-ca <command> [args…]` runs a command that trusts the local dev CA:
 * it sets NODE_EXTRA_CA_CERTS to `.certs/ca.pem`, which Node reads only when a process
 * starts, so it has to be set by whoever starts the process. Works on every OS, unlike
 * `NODE_EXTRA_CA_CERTS=… node …` in a package script. A variable already set wins.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findRepoRoot } from '@pixy/config';
import { certPaths } from './paths.js';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('Usage: pixy-with-dev-ca <command> [args…]');
  process.exit(2);
}

const env = { ...process.env };
const { ca } = certPaths(findRepoRoot(process.cwd()));
if (!env.NODE_EXTRA_CA_CERTS && existsSync(ca)) env.NODE_EXTRA_CA_CERTS = ca;

const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
