import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDotEnv } from './dotenv.js';
import { findRepoRoot, locateRepoRoot, resolveFromRoot } from './repo-root.js';

const tempRepos: string[] = [];
afterEach(() => {
  for (const root of tempRepos.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tempRepo(dotenv?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pixy-config-'));
  tempRepos.push(root);
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
  if (dotenv !== undefined) writeFileSync(join(root, '.env'), dotenv);
  return root;
}

describe('loadDotEnv', () => {
  it('adds the variables of .env that the environment lacks', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(tempRepo('PORT=4000\n# comment\nSPA_URL="https://app.test"\n'), env)).toEqual(
      ['PORT', 'SPA_URL'],
    );
    expect(env).toEqual({ PORT: '4000', SPA_URL: 'https://app.test' });
  });

  it('lets environment variables win over .env', () => {
    const env: NodeJS.ProcessEnv = { PORT: '5000' };
    loadDotEnv(tempRepo('PORT=4000\n'), env);
    expect(env.PORT).toBe('5000');
  });

  it('is fine without a .env, as in a fresh clone', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(tempRepo(), env)).toEqual([]);
    expect(env).toEqual({});
  });
});

describe('paths', () => {
  it('resolve relative paths from the repository root, wherever the process runs', () => {
    const root = tempRepo();
    const nested = join(root, 'apps', 'api');
    expect(findRepoRoot(root)).toBe(root);
    expect(resolveFromRoot('.data/idp', root)).toBe(join(root, '.data', 'idp'));
    expect(resolveFromRoot('/var/lib/pixy', root)).toBe('/var/lib/pixy');
    expect(findRepoRoot(join(nested, '..', '..'))).toBe(root);
  });

  it('finds no root outside a repository (a deployed app)', () => {
    const outside = mkdtempSync(join(tmpdir(), 'pixy-deployed-'));
    tempRepos.push(outside);
    expect(locateRepoRoot(outside)).toBeUndefined();
    expect(() => findRepoRoot(outside)).toThrow(/Cannot find the Pixy repository root/);
  });

  it('finds this repository from the package itself', () => {
    expect(existsSync(join(findRepoRoot(), 'packages', 'config', 'package.json'))).toBe(true);
  });
});
