// The docs a user reads hold: README.md fits a 100-column terminal; every relative link
// and #anchor in README.md and docs/*.md leads somewhere (GitHub's heading anchors); and
// every `pnpm <script>` / `pnpm --filter <package> <script>` they show exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, codeTexts, links } from './markdown.js';
import { readJson, repoRoot, workspacePackages } from './workspace.js';

const pages = [
  join(repoRoot, 'README.md'),
  ...readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(repoRoot, 'docs', name)),
];
const read = (file: string) => readFileSync(file, 'utf8');
const shown = (file: string) => relative(repoRoot, file);

/** pnpm's own commands, which a package's scripts do not define. */
const pnpmCommands = new Set(
  'install i add remove update exec dlx deploy run store why list ls outdated audit config create init publish pack link unlink rebuild prune fetch import patch test'.split(
    ' ',
  ),
);

/** `pnpm [flags] [--filter <package>] <command>` in a line of code. */
function pnpmCalls(code: string): { pkg: string | undefined; command: string }[] {
  const calls: { pkg: string | undefined; command: string }[] = [];
  const pattern =
    /(?:^|[\s;&|($])pnpm((?:\s+(?:-s|--silent|-r|--recursive|--filter(?:=|\s+)\S+|-F\s+\S+))*)\s+([^\s`'")]+)/g;
  for (const [, flags, command] of code.matchAll(pattern)) {
    const pkg = /(?:--filter(?:=|\s+)|-F\s+)(\S+)/.exec(flags!)?.[1];
    calls.push({ pkg, command: command! });
  }
  return calls;
}

describe('README.md', () => {
  it('fits a 100-column terminal', () => {
    const long = read(join(repoRoot, 'README.md'))
      .split('\n')
      .flatMap((line, i) => ([...line].length > 100 ? [`line ${i + 1}: ${[...line].length}`] : []));
    expect(long).toEqual([]);
  });
});

describe('README.md and docs/*.md', () => {
  it('find their pages', () => {
    expect(pages.map(shown)).toEqual(
      expect.arrayContaining(['README.md', 'docs/deploy.md', 'docs/reference.md']),
    );
  });

  it.each(pages.map((page) => [shown(page), page]))(
    '%s: every relative link and anchor resolves',
    (_name, page) => {
      const broken = links(read(page)).flatMap(({ target, line }) => {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return []; // https:, mailto:
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? page : resolve(dirname(page), decodeURI(path));
        if (!existsSync(file)) return [`line ${line}: ${target} (no such file)`];
        if (anchor === undefined || statSync(file).isDirectory()) return [];
        if (!file.endsWith('.md')) return [];
        return anchors(read(file)).has(anchor.toLowerCase())
          ? []
          : [`line ${line}: ${target} (no heading with that anchor)`];
      });
      expect(broken).toEqual([]);
    },
  );

  it.each(pages.map((page) => [shown(page), page]))(
    '%s: every pnpm script it shows exists',
    (_name, page) => {
      const packages = workspacePackages();
      const rootScripts = readJson<{ scripts: Record<string, string> }>(
        join(repoRoot, 'package.json'),
      ).scripts;
      const bins = (dir: string) => join(dir, 'node_modules', '.bin');
      const missing = codeTexts(read(page))
        .flatMap(pnpmCalls)
        .flatMap(({ pkg, command }) => {
          if (command.startsWith('-') || /[<…]/.test(command) || pnpmCommands.has(command)) {
            return [];
          }
          if (pkg === undefined) {
            const known = command in rootScripts || existsSync(join(bins(repoRoot), command));
            return known ? [] : [`pnpm ${command}`];
          }
          if (/[<…*]/.test(pkg)) return [];
          const target = packages.find((candidate) => candidate.name === pkg);
          if (target === undefined) return [`pnpm --filter ${pkg} (no such package)`];
          const known = command in target.scripts || existsSync(join(bins(target.dir), command));
          return known ? [] : [`pnpm --filter ${pkg} ${command}`];
        });
      expect([...new Set(missing)]).toEqual([]);
    },
  );
});
