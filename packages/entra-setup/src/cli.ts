#!/usr/bin/env node
/** `pnpm entra:setup`: see main.ts, and docs/entra-id.md. */
import { findRepoRoot } from '@pixy/config';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  root: findRepoRoot(process.cwd()),
  env: process.env,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
