/**
 * Renaming the npm scope of every workspace package (`@pixy/…` → `@acme/…`) in one pass
 * over the repository's text files: package names and dependencies, imports, turbo
 * filters in scripts, tsconfig `extends`, docs, and the lockfile (pnpm install then
 * relinks node_modules). Only the exact prefix `@pixy/` changes, so e-mail addresses such
 * as alice@pixy.test and the product name stay as they are.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders that hold generated or installed files, never sources. */
export const skippedDirs: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  '.turbo',
  'coverage',
  '.data',
  '.certs',
  'test-results',
  'playwright-report',
  'blob-report',
]);

const maxFileBytes = 4 * 1024 * 1024;

/** npm's rules for a scope: lower case, URL-safe, not starting with . or _. */
const scopePattern = /^@[a-z0-9][a-z0-9._~-]*$/;

export class InvalidNpmScopeError extends Error {
  readonly code = 'INVALID_SCOPE';
  constructor(scope: string) {
    super(
      `"${scope}" is not an npm scope: use @ followed by lower-case letters, digits, "-", "." ` +
        'or "_", e.g. @acme.',
    );
    this.name = 'InvalidNpmScopeError';
  }
}

export interface RenameOptions {
  readonly root: string;
  readonly from: string;
  readonly to: string;
  /** List what would change without writing. */
  readonly dryRun?: boolean;
}

export interface FileChange {
  /** Path relative to the root, with `/` separators. */
  readonly path: string;
  readonly replacements: number;
}

/** Rewrites `<from>/` to `<to>/` in every text file under `root`; returns what changed. */
export function renameNpmScope(options: RenameOptions): FileChange[] {
  for (const scope of [options.from, options.to]) {
    if (!scopePattern.test(scope)) throw new InvalidNpmScopeError(scope);
  }
  if (options.from === options.to) return [];
  const needle = `${options.from}/`;
  const replacement = `${options.to}/`;
  const changes: FileChange[] = [];
  for (const file of textFiles(options.root)) {
    const text = readFileSync(file, 'utf8');
    const count = text.split(needle).length - 1;
    if (count === 0) continue;
    if (!options.dryRun) writeFileSync(file, text.split(needle).join(replacement));
    changes.push({ path: relative(options.root, file).split('\\').join('/'), replacements: count });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedDirs.has(entry.name)) yield* textFiles(path);
    } else if (entry.isFile() && statSync(path).size <= maxFileBytes && !isBinary(path)) {
      yield path;
    }
  }
}

function isBinary(path: string): boolean {
  return readFileSync(path).subarray(0, 8000).includes(0);
}
