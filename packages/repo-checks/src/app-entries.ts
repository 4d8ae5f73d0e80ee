/**
 * Where a package's code starts running, for finding what it reads: the app itself (what
 * `start` runs: dist/x.js is compiled from src/x.ts) and, under `pnpm dev`, its dev runner
 * (dev.mjs, vite.config.ts). Test tasks are left out on purpose: tests configure the apps
 * they start with explicit environments, not with the developer's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envReadsOfFiles, moduleGraph } from './env-reads.js';
import type { WorkspacePackage } from './workspace.js';

/** Set by the tools themselves, never by a developer (VITEST: Vitest, for its own runs). */
const setByTools = new Set(['VITEST']);

/** The files an app starts from, under `pnpm dev` (the dev task) and deployed (`start`). */
export function appEntries(pkg: WorkspacePackage): string[] {
  const at = (path: string) => join(pkg.dir, path);
  const started = [...(pkg.scripts.start ?? '').matchAll(/dist\/([\w/-]+)\.js/g)].map(([, file]) =>
    at(`src/${file}.ts`),
  );
  return [at('dev.mjs'), at('vite.config.ts'), ...started].filter((path) => existsSync(path));
}

/** What an app's code reads, from its entry files through every module they import. */
export function appReads(pkg: WorkspacePackage, packages: readonly WorkspacePackage[]): string[] {
  const reads = envReadsOfFiles(moduleGraph(appEntries(pkg), packages));
  return [...reads.all].filter((name) => !setByTools.has(name)).sort();
}
