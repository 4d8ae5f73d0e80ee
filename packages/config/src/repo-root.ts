/** Finding the repository root, so that relative paths mean the same from every package. */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `start` holding pnpm-workspace.yaml. */
export function findRepoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`Cannot find the Pixy repository root (pnpm-workspace.yaml) above ${start}`);
    }
    dir = parent;
  }
}

/** Resolves a configured path: absolute paths stay, relative ones start at the repository root. */
export function resolveFromRoot(path: string, root: string = findRepoRoot()): string {
  return isAbsolute(path) ? path : resolve(root, path);
}
