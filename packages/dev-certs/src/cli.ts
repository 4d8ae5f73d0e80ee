#!/usr/bin/env node
/**
 * `pnpm certs` (generate, idempotent) and `pnpm certs:trust` (trust the CA on this machine).
 */
import { relative } from 'node:path';
import { findRepoRoot } from '@pixy/config';
import { ensureDevCerts } from './generate.js';
import { certPaths } from './paths.js';
import { trustCommand, trustSteps } from './trust.js';

const root = findRepoRoot(process.cwd());
const paths = certPaths(root);
const show = (path: string): string => relative(process.cwd(), path) || path;
const command = process.argv[2] ?? 'generate';

if (command === 'generate') {
  const result = ensureDevCerts(paths);
  if (result.ca === 'created') {
    console.log(`Created a local development CA: ${show(paths.ca)}`);
    console.log(`  SHA-256 ${result.caFingerprint}`);
    console.log('  Trust it once so browsers accept https://localhost: `pnpm certs:trust`, or:');
    for (const step of trustSteps(paths.ca)) console.log(`    ${step.command}`);
  }
  console.log(
    result.localhost === 'created'
      ? `Created the localhost certificate: ${show(paths.cert)}`
      : `Local certificates are up to date (${show(paths.dir)}).`,
  );
} else if (command === 'trust') {
  ensureDevCerts(paths);
  process.exitCode = trustCommand(paths.ca);
} else {
  console.error(`Unknown command "${command}". Use: pixy-certs [generate|trust]`);
  process.exitCode = 2;
}
