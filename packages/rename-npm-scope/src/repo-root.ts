/**
 * The repository root: the nearest folder holding pnpm-workspace.yaml. (Not imported from
 * @pixy/config: this package must keep working while the scope it renames changes.)
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No pnpm-workspace.yaml above ${start}: run this inside the repository.`);
    dir = parent;
  }
  return dir;
}
