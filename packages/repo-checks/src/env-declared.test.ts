// Every environment variable an app reads reaches it under `pnpm dev`: Turborepo's strict
// environment mode hands a task only the variables turbo.json declares (the root's globalEnv
// and globalPassThroughEnv, the task's env and passThroughEnv), so `AUTH_ALLOWED_TENANTS=…
// pnpm dev` would otherwise be silently ignored. What each app reads is found in its code
// (env-reads.ts); a missing declaration fails with the names to add.
import { describe, expect, it } from 'vitest';
import { appEntries, appReads } from './app-entries.js';
import { rootTurbo, workspacePackages, type WorkspacePackage } from './workspace.js';

const proxies = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];

const packages = workspacePackages();
const root = rootTurbo();

/** What turbo hands `task` of `pkg` from the environment: names, or `PREFIX_*` wildcards. */
function declared(pkg: WorkspacePackage, task: string): { has(name: string): boolean } {
  const own = pkg.turbo?.tasks?.[task];
  const shared = root.tasks?.[task];
  const patterns = [
    ...(root.globalEnv ?? []),
    ...(root.globalPassThroughEnv ?? []),
    ...(shared?.env ?? []),
    ...(shared?.passThroughEnv ?? []),
    ...(own?.env ?? []),
    ...(own?.passThroughEnv ?? []),
  ];
  return {
    has: (name) =>
      patterns.some((pattern) =>
        pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
      ),
  };
}

const apps = packages.filter((pkg) => pkg.scripts.dev !== undefined && appEntries(pkg).length > 0);

describe('the variables each app reads are declared to turbo for `pnpm dev`', () => {
  it('finds the apps pnpm dev runs', () => {
    expect(apps.map((pkg) => pkg.name).sort()).toEqual([
      '@pixy/api',
      '@pixy/local-idp',
      '@pixy/web',
    ]);
  });

  for (const pkg of apps) {
    it(`${pkg.name}: every variable it reads reaches its dev task`, () => {
      const reads = appReads(pkg, packages);
      expect(reads.length).toBeGreaterThan(5); // it did find the reads
      const available = declared(pkg, 'dev');
      const missing = reads.filter((name) => !available.has(name));
      expect(
        missing,
        `add these to the dev task's passThroughEnv in ${pkg.name}'s turbo.json (or to the ` +
          `root's globalEnv when every app reads them)`,
      ).toEqual([]);
    });
  }

  it('passes the proxy variables through to every task', () => {
    const passed = new Set(root.globalPassThroughEnv);
    expect(proxies.filter((name) => !passed.has(name))).toEqual([]);
  });
});
