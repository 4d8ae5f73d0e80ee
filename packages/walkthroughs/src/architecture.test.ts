// docs/architecture.md's package rules, checked against every package.json: which
// workspace packages each may depend on at run time. A new dependency that breaks the
// direction (an app importing an app, a contract importing anything, test helpers in
// production) fails here; a deliberate change edits this table and the page together.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const contracts = ['@pixy/api-contract', '@pixy/auth-contract'];

/** The run-time (`dependencies`) `@pixy/…` packages each package may use. */
const allowed: Record<string, readonly string[]> = {
  '@pixy/auth-contract': [],
  '@pixy/api-contract': [],
  '@pixy/config': [],
  '@pixy/tsconfig': [],
  '@pixy/dev-certs': ['@pixy/config'],
  '@pixy/authority-https': ['@pixy/config', '@pixy/dev-certs'],
  '@pixy/entra-emulator': [],
  '@pixy/local-idp': [
    '@pixy/auth-contract',
    '@pixy/config',
    '@pixy/dev-certs',
    '@pixy/entra-emulator',
  ],
  '@pixy/api': [...contracts, '@pixy/config', '@pixy/authority-https'],
  // In the browser only @pixy/config/stack, which imports no Node module.
  '@pixy/web': [...contracts, '@pixy/config'],
  '@pixy/daemon': [...contracts, '@pixy/config', '@pixy/authority-https'],
  '@pixy/entra-setup': ['@pixy/auth-contract', '@pixy/config'],
  '@pixy/rename-npm-scope': [],
  '@pixy/test-support': [
    '@pixy/config',
    '@pixy/dev-certs',
    '@pixy/entra-emulator',
    '@pixy/local-idp',
  ],
  '@pixy/test-chromium': ['@pixy/dev-certs'],
  '@pixy/walkthroughs': [],
  '@pixy/repo-checks': [],
  '@pixy/e2e': [],
};

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
}

const manifests: Manifest[] = ['apps', 'packages']
  .flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name, 'package.json')),
  )
  .concat(join(root, 'e2e', 'package.json'))
  .filter((path) => existsSync(path))
  .map((path) => JSON.parse(readFileSync(path, 'utf8')) as Manifest);

const workspaceDeps = (manifest: Manifest) =>
  Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@pixy/'));

describe('the packages of docs/architecture.md', () => {
  it('lists every package of the workspace', () => {
    expect(manifests.map((m) => m.name).sort()).toEqual(Object.keys(allowed).sort());
  });

  it.each(manifests.map((m) => [m.name, m] as const))(
    '%s depends at run time only on what it may',
    (_name, manifest) => {
      const extra = workspaceDeps(manifest).filter(
        (dependency) => !allowed[manifest.name]?.includes(dependency),
      );
      expect(extra).toEqual([]);
    },
  );

  it('keeps the apps apart, the contracts and the emulator free of workspace packages', () => {
    const apps = ['@pixy/api', '@pixy/web', '@pixy/daemon'];
    for (const manifest of manifests) {
      const deps = workspaceDeps(manifest);
      if (apps.includes(manifest.name)) expect(deps.filter((d) => apps.includes(d))).toEqual([]);
      if ([...contracts, '@pixy/entra-emulator', '@pixy/config'].includes(manifest.name)) {
        expect(deps).toEqual([]);
      }
      if (manifest.name !== '@pixy/test-support') {
        expect(deps).not.toContain('@pixy/test-support');
        expect(deps).not.toContain('@pixy/test-chromium');
      }
    }
  });

  it('is what the page says', () => {
    const page = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    for (const name of Object.keys(allowed)) {
      if (name === '@pixy/tsconfig') continue;
      const folder = name === '@pixy/e2e' ? 'e2e' : name.replace('@pixy/', '');
      expect(page, `docs/architecture.md names ${folder}`).toContain(folder);
    }
  });
});
