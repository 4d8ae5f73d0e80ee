/**
 * Where a package's code starts running, for finding what it reads: the app itself (what
 * `start` runs: dist/x.js is compiled from src/x.ts) and, under `pnpm dev`, its dev runner
 * (dev.mjs, vite.config.ts). Test tasks are left out on purpose: tests configure the apps
 * they start with explicit environments, not with the developer's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePackage } from './workspace.js';

/** The files an app starts from, under `pnpm dev` (the dev task) and deployed (`start`). */
export function appEntries(pkg: WorkspacePackage): string[] {
  const at = (path: string) => join(pkg.dir, path);
  const started = [...(pkg.scripts.start ?? '').matchAll(/dist\/([\w/-]+)\.js/g)].map(([, file]) =>
    at(`src/${file}.ts`),
  );
  return [at('dev.mjs'), at('vite.config.ts'), ...started].filter((path) => existsSync(path));
}
