/**
 * A working copy of this repository in a temporary folder, to change and test without
 * touching the real one: the sources and build outputs are copied; node_modules are
 * rebuilt as links, each third-party package to the real installed one, each workspace
 * package to its copy — so code in the copy imports the copy's packages.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

const notCopied = new Set([
  'node_modules',
  'dist',
  '.git',
  '.turbo',
  '.data',
  'coverage',
  'test-results',
  'playwright-report',
  'blob-report',
]);

/**
 * Copies the repository at `root` into a new temporary folder; returns the copy's root.
 * Build outputs are left behind (another task may be rewriting them right now), except
 * the `dist` of each folder in `withBuilds`, e.g. `packages/config`. The caller removes
 * the copy's parent folder when done; a copy that fails half-way is removed here.
 */
export function copyRepository(root: string, withBuilds: readonly string[] = []): string {
  const folder = mkdtempSync(join(tmpdir(), 'pixy-walkthrough-'));
  const copy = join(folder, 'repo');
  try {
    copyTree(root, copy);
    for (const built of withBuilds) {
      cpSync(join(root, built, 'dist'), join(copy, built, 'dist'), { recursive: true });
    }
    for (const packageFolder of packageFolders(root)) {
      relinkNodeModules(root, copy, packageFolder);
    }
  } catch (error) {
    // rmSync removes the node_modules links, never what they point to.
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return copy;
}

/**
 * Copies a folder tree, skipping `notCopied`. Other tasks may create and delete files in
 * the repository meanwhile (temporary files of a build or a test run): a file that is
 * gone by the time it is copied is skipped rather than failing the copy.
 */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  let entries;
  try {
    entries = readdirSync(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    if (notCopied.has(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      copyTree(source, target);
    } else {
      try {
        cpSync(source, target, { verbatimSymlinks: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
}

/** The repository root and every folder of it that has its own node_modules. */
function packageFolders(root: string): string[] {
  const folders = [''];
  for (const parent of ['apps', 'packages', 'e2e']) {
    const path = join(root, parent);
    if (!existsSync(path)) continue;
    if (existsSync(join(path, 'node_modules'))) folders.push(parent);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(path, entry.name, 'node_modules'))) {
        folders.push(join(parent, entry.name));
      }
    }
  }
  return folders;
}

function relinkNodeModules(root: string, copy: string, folder: string): void {
  const real = join(root, folder, 'node_modules');
  const target = join(copy, folder, 'node_modules');
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(real)) {
    if (entry === '.bin' || entry.endsWith('.yaml') || entry.endsWith('.json')) continue;
    if (entry.startsWith('@')) {
      mkdirSync(join(target, entry), { recursive: true });
      for (const scoped of readdirSync(join(real, entry))) {
        link(root, copy, join(real, entry, scoped), join(target, entry, scoped));
      }
    } else {
      link(root, copy, join(real, entry), join(target, entry));
    }
  }
}

function link(root: string, copy: string, from: string, to: string): void {
  let resolved: string;
  try {
    resolved = realpathSync(from);
  } catch {
    return; // a dangling link in the real node_modules
  }
  const inside = relative(root, resolved);
  const isWorkspacePackage =
    !inside.startsWith('..') && !inside.split(sep).includes('node_modules');
  mkdirSync(dirname(to), { recursive: true });
  symlinkSync(isWorkspacePackage ? join(copy, inside) : resolved, to, 'junction');
}
