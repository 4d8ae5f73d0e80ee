/** Finding the repository root, so that relative paths mean the same from every package. */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The nearest folder at or above `start` holding pnpm-workspace.yaml, or undefined when
 * there is none: an app deployed on its own (`pnpm deploy`, a container image) runs
 * outside the repository and is configured from its environment alone.
 */
export function locateRepoRoot(start: string = here): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repository root above `start`; throws outside a checkout (for repository tools). */
export function findRepoRoot(start: string = here): string {
  const root = locateRepoRoot(start);
  if (root === undefined) {
    throw new Error(`Cannot find the Pixy repository root (pnpm-workspace.yaml) above ${start}`);
  }
  return root;
}

/**
 * Resolves a configured path: absolute paths stay; relative ones start at the repository
 * root, or at the working directory when running outside the repository.
 */
export function resolveFromRoot(
  path: string,
  root: string = locateRepoRoot() ?? process.cwd(),
): string {
  return isAbsolute(path) ? path : resolve(root, path);
}
