import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findRepoRoot } from './repo-root.js';
import { InvalidNpmScopeError, renameNpmScope, skippedDirs } from './rename-npm-scope.js';

const tempFolders: string[] = [];
afterEach(() => {
  for (const folder of tempFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A copy of this repository's sources (no node_modules, builds or git) in a temp folder. */
function copyOfRepo(): string {
  const root = findRepoRoot(fileURLToPath(new URL('.', import.meta.url)));
  const folder = mkdtempSync(join(tmpdir(), 'pixy-rename-'));
  tempFolders.push(folder);
  const copy = join(folder, 'repo');
  copyTree(root, copy);
  return copy;
}

/** Copies a tree; a file another task deletes meanwhile (a temporary file) is skipped. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skippedDirs.has(entry.name)) continue;
    const source = join(from, entry.name);
    try {
      if (entry.isDirectory()) copyTree(source, join(to, entry.name));
      else cpSync(source, join(to, entry.name), { verbatimSymlinks: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const read = (path: string) => readFileSync(path, 'utf8');
const count = (text: string, needle: string) => text.split(needle).length - 1;

function workspacePackageNames(root: string): string[] {
  return [...files(root)]
    .filter((path) => basename(path) === 'package.json' && path !== join(root, 'package.json'))
    .map((path) => (JSON.parse(read(path)) as { name: string }).name);
}

// Copying the repository takes a while on a busy machine.
describe('renameNpmScope on a copy of this repository', { timeout: 60_000 }, () => {
  it('renames every workspace package and every reference to one', () => {
    const root = copyOfRepo();
    const before = [...files(root)].map((path) => ({ path, text: read(path) }));
    const emailsBefore = before.reduce((sum, file) => sum + count(file.text, '@pixy.test'), 0);

    const changes = renameNpmScope({ root, from: '@pixy', to: '@acme' });

    expect(changes.length).toBeGreaterThan(10);
    expect(changes.map((change) => change.path)).toEqual(
      expect.arrayContaining(['package.json', 'packages/auth-contract/package.json']),
    );
    const after = [...files(root)].map((path) => ({ path, text: read(path) }));
    expect(after.filter((file) => file.text.includes('@pixy/')).map((file) => file.path)).toEqual(
      [],
    );
    // Only the scope prefix changes: e-mail addresses of the emulator's users stay.
    expect(after.reduce((sum, file) => sum + count(file.text, '@pixy.test'), 0)).toBe(emailsBefore);

    const names = workspacePackageNames(root);
    expect(names).toContain('@acme/auth-contract');
    expect(names.filter((name) => name.startsWith('@pixy'))).toEqual([]);

    // Every import of a workspace package names a package that exists under its new name.
    const imported = new Set<string>();
    for (const file of after.filter((item) => /\.(ts|tsx|js|mjs)$/.test(item.path))) {
      for (const match of file.text.matchAll(/from '(@acme\/[^/']+)/g)) imported.add(match[1]!);
    }
    expect(imported.size).toBeGreaterThan(0);
    for (const name of imported) expect(names).toContain(name);

    const rootScripts = (
      JSON.parse(read(join(root, 'package.json'))) as { scripts: Record<string, string> }
    ).scripts;
    expect(Object.values(rootScripts).join('\n')).not.toContain('@pixy');
    expect(read(join(root, 'packages/auth-contract/tsconfig.json'))).toContain(
      '@acme/tsconfig/node.json',
    );
  });

  it('changes nothing on a dry run, and reports the same files', () => {
    const root = copyOfRepo();
    const snapshot = [...files(root)].map((path) => read(path));
    const planned = renameNpmScope({ root, from: '@pixy', to: '@acme', dryRun: true });
    expect([...files(root)].map((path) => read(path))).toEqual(snapshot);
    expect(renameNpmScope({ root, from: '@pixy', to: '@acme' })).toEqual(planned);
    expect(renameNpmScope({ root, from: '@pixy', to: '@acme' })).toEqual([]);
  });

  it('refuses names that are not npm scopes', () => {
    for (const bad of ['acme', '@Acme', '@acme/tools', '@', '@.acme', '@ac me']) {
      expect(() => renameNpmScope({ root: tmpdir(), from: '@pixy', to: bad }), bad).toThrow(
        InvalidNpmScopeError,
      );
    }
  });
});
