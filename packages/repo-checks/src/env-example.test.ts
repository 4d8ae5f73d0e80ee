// .env.example documents every variable the apps read, and only those, each commented out
// with its default: a copied .env then changes nothing, and uncommenting one variable never
// pins another that follows it by default (CORS_ORIGINS follows SPA_URL, AUTH_AUTHORITY
// follows AUTH_TENANT_ID). The variables read are found in the code (env-reads.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localDefaults } from '@pixy/config';
import { describe, expect, it } from 'vitest';
import { appEntries, appReads } from './app-entries.js';
import { envReadsOfFiles, moduleGraph } from './env-reads.js';
import { packageDir, repoRoot, workspacePackages } from './workspace.js';

const packages = workspacePackages();
const lines = readFileSync(join(repoRoot, '.env.example'), 'utf8').split('\n');
const variableLine = /^# ([A-Z][A-Z0-9_]*)=(.*)$/;

/** `# NAME=value` lines: the variables the file documents, with their defaults. */
const documented = new Map(
  lines.flatMap((line) => {
    const match = variableLine.exec(line);
    return match ? [[match[1]!, match[2]!] as const] : [];
  }),
);

/** What the apps read (each from where it starts), and the browser tests' Chromium. */
function variablesRead(): string[] {
  const apps = packages.filter((pkg) => appEntries(pkg).length > 0);
  const chromium = moduleGraph(
    [join(packageDir(packages, '@pixy/test-chromium'), 'src', 'index.ts')],
    packages,
  );
  const testBrowser = [...envReadsOfFiles(chromium).all].filter((name) =>
    name.startsWith('PLAYWRIGHT_'),
  );
  return [...new Set([...apps.flatMap((pkg) => appReads(pkg, packages)), ...testBrowser])].sort();
}

describe('.env.example', () => {
  it('lists every variable the apps read, and nothing else', () => {
    const read = variablesRead();
    expect(read).toContain('DAEMON_CLIENT_CERTIFICATE_PATH'); // the daemon's reads are found
    expect(read).toContain('PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH');
    expect(
      read.filter((name) => !documented.has(name)),
      'read by the code but missing from .env.example',
    ).toEqual([]);
    expect(
      [...documented.keys()].filter((name) => !read.includes(name)),
      'in .env.example but read by no app',
    ).toEqual([]);
  });

  it('sets nothing: every variable is commented out', () => {
    const set = lines.filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(set).toEqual([]);
  });

  it('lists each variable once, after a comment that says what it is', () => {
    const names = lines.flatMap((line) => variableLine.exec(line)?.[1] ?? []);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    const undescribed = lines.flatMap((line, i) => {
      const name = variableLine.exec(line)?.[1];
      const previous = lines[i - 1] ?? '';
      const described = previous.startsWith('# ') && !variableLine.test(previous);
      return name !== undefined && !described ? [name] : [];
    });
    expect(undescribed).toEqual([]);
  });

  it("gives the local stack's defaults as the code has them", () => {
    const expected: Record<string, string> = {
      ...Object.fromEntries(Object.entries(localDefaults).filter(([name]) => documented.has(name))),
      AUTH_AUTHORITY: `${localDefaults.IDP_ORIGIN}/${localDefaults.AUTH_TENANT_ID}`,
      CORS_ORIGINS: localDefaults.SPA_URL,
      GRAPH_URL: `${localDefaults.IDP_ORIGIN}/graph/v1.0`,
      IDP_PORT: new URL(localDefaults.IDP_ORIGIN).port,
      PORT: new URL(localDefaults.API_URL).port,
    };
    const actual = Object.fromEntries(
      Object.keys(expected).map((name) => [name, documented.get(name)]),
    );
    expect(actual).toEqual(expected);
  });

  it('has each of its variables described in docs/reference.md too', () => {
    const reference = readFileSync(join(repoRoot, 'docs', 'reference.md'), 'utf8');
    expect([...documented.keys()].filter((name) => !reference.includes(`\`${name}\``))).toEqual([]);
  });
});
