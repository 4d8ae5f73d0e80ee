#!/usr/bin/env node
/**
 * `pnpm rename-npm-scope @acme [--dry-run]`: renames the workspace packages' npm scope. See
 * docs/make-it-yours.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findRepoRoot, renameNpmScope } from './index.js';

const usage =
  'Usage: pnpm rename-npm-scope <@new-scope> [--dry-run]   e.g. pnpm rename-npm-scope @acme';

function currentScope(root: string): string {
  // The scope of the package that holds this script, as named in its package.json today.
  const own = JSON.parse(
    readFileSync(join(root, 'packages', 'rename-npm-scope', 'package.json'), 'utf8'),
  ) as { name: string };
  return own.name.split('/')[0]!;
}

try {
  const { values, positionals } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [to] = positionals;
  if (!to || positionals.length > 1) {
    console.error(usage);
    process.exit(2);
  }
  const root = findRepoRoot(process.cwd());
  const from = currentScope(root);
  const dryRun = values['dry-run'];
  const changes = renameNpmScope({ root, from, to, dryRun });
  for (const change of changes) console.log(`  ${change.path} (${change.replacements})`);
  if (changes.length === 0) {
    console.log(`Nothing to rename: no "${from}/" found.`);
  } else if (dryRun) {
    console.log(`Dry run: ${changes.length} files would change from ${from}/ to ${to}/.`);
  } else {
    console.log(`Renamed ${from}/ to ${to}/ in ${changes.length} files.`);
    console.log('Next: `pnpm install` (relinks node_modules), then `pnpm test`.');
  }
} catch (error) {
  console.error(`pnpm rename-npm-scope: ${(error as Error).message}`);
  console.error(usage);
  process.exitCode = 1;
}
