// renovate.json's groups still name the dependencies they are for: a rule whose pattern
// matches nothing (a package renamed or dropped) would silently stop grouping.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson, repoRoot, workspacePackages } from './workspace.js';

interface Rule {
  readonly groupName?: string;
  readonly matchPackageNames?: readonly string[];
}

const renovate = readJson<{ packageRules: readonly Rule[] }>(join(repoRoot, 'renovate.json'));

/** Every dependency of the root and the workspace packages, the catalog's, and pnpm itself. */
function dependencyNames(): Set<string> {
  const manifests = [repoRoot, ...workspacePackages().map((pkg) => pkg.dir)].map((dir) =>
    readJson<Record<string, Record<string, string> | undefined>>(join(dir, 'package.json')),
  );
  const names = manifests.flatMap((manifest) =>
    ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((field) =>
      Object.keys(manifest[field] ?? {}),
    ),
  );
  const workspace = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const catalog = workspace.slice(workspace.indexOf('\ncatalog:'));
  names.push(...[...catalog.matchAll(/^ {2}'?([@\w/.-]+)'?:/gm)].map((match) => match[1]!));
  const { packageManager } = readJson<{ packageManager: string }>(join(repoRoot, 'package.json'));
  names.push(packageManager.slice(0, packageManager.indexOf('@')));
  return new Set(names);
}

/** Renovate's glob patterns, as far as this file uses them (`*` only). */
const matches = (pattern: string, name: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name);

describe('renovate.json', () => {
  const names = [...dependencyNames()];

  it('groups MSAL, NestJS, React and tooling updates', () => {
    expect(renovate.packageRules.map((rule) => rule.groupName)).toEqual(
      expect.arrayContaining(['MSAL', 'NestJS', 'React', 'tooling']),
    );
  });

  for (const rule of renovate.packageRules.filter((r) => r.matchPackageNames)) {
    it(`${rule.groupName ?? rule.matchPackageNames!.join(', ')}: every pattern matches a dependency`, () => {
      const unmatched = rule.matchPackageNames!.filter(
        (pattern) => !names.some((name) => matches(pattern, name)),
      );
      expect(unmatched).toEqual([]);
    });
  }
});
