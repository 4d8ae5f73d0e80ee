/**
 * Which environment variables code reads, found statically: in a file (process.env.X,
 * env.X, `reader.url('X', …)` and the other ConfigReader calls, `readSeconds(reader, 'X')`
 * …), and in the module graph from some entry files, following relative imports and
 * imports of workspace packages (to their sources).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readJson, type WorkspacePackage } from './workspace.js';

const name = '([A-Z_][A-Z0-9_]*)';

export interface EnvReads {
  /** Every variable read, however. */
  readonly all: ReadonlySet<string>;
  /** Read straight from process.env (not through a ConfigReader or an `env` parameter). */
  readonly direct: ReadonlySet<string>;
  /** Set by the code itself: `process.env.X = …`. */
  readonly assigned: ReadonlySet<string>;
  /** Set by the code itself, for a child process: a key of an environment object (`X: …`). */
  readonly keys: ReadonlySet<string>;
}

export function envReadsOf(text: string): EnvReads {
  // Names held in constants (`const executablePathVariable = 'PLAYWRIGHT_…'`), for env[constant].
  const constants = new Map(
    [...text.matchAll(new RegExp(`\\bconst (\\w+)(?::\\s*\\w+)? = ['"]${name}['"]`, 'g'))].map(
      (m) => [m[1]!, m[2]!],
    ),
  );
  const all = new Set<string>();
  const direct = new Set<string>();
  const assigned = new Set<string>();
  const keys = new Set<string>();
  const collect = (pattern: RegExp, ...sets: Set<string>[]) => {
    for (const match of text.matchAll(pattern)) {
      const variable = /^[A-Z_][A-Z0-9_]*$/.test(match[1]!) ? match[1]! : constants.get(match[1]!);
      if (variable === undefined) continue;
      const isWrite = /^\s*=(?!=)/.test(text.slice(match.index + match[0].length));
      for (const set of isWrite ? [assigned] : sets) set.add(variable);
    }
  };
  collect(new RegExp(`process\\.env\\.${name}`, 'g'), all, direct);
  collect(/process\.env\[\s*['"]?(\w+)['"]?\s*\]/g, all, direct);
  collect(new RegExp(`(?<![.\\w])env\\.${name}`, 'g'), all);
  collect(/(?<![.\w])env\[\s*['"]?(\w+)['"]?\s*\]/g, all);
  collect(new RegExp(`\\breader\\.\\w+\\(\\s*['"]${name}['"]`, 'g'), all);
  collect(new RegExp(`\\b\\w+\\(\\s*reader\\s*,\\s*['"]${name}['"]`, 'g'), all);
  for (const match of text.matchAll(new RegExp(`^\\s*${name}:`, 'gm'))) keys.add(match[1]!);
  return { all, direct, assigned, keys };
}

const importPatterns = [
  /(?:^|[\s;])(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /^import\s+['"]([^'"]+)['"]/gm,
];

function asSourceFile(path: string): string | undefined {
  const candidates = [
    path,
    path.replace(/\.js$/, '.ts'),
    path.replace(/\.js$/, '.tsx'),
    `${path}.ts`,
    `${path}.tsx`,
    `${path}.mjs`,
    `${path}.js`,
    join(path, 'index.ts'),
  ];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

/** A workspace package's import specifier, as the package's source file. */
function resolveWorkspaceImport(
  specifier: string,
  packages: readonly WorkspacePackage[],
): string | undefined {
  const pkg = packages.find(
    (candidate) => specifier === candidate.name || specifier.startsWith(`${candidate.name}/`),
  );
  if (!pkg) return undefined;
  const subpath = `.${specifier.slice(pkg.name.length)}`;
  const manifest = readJson<{ exports?: Record<string, string | { default?: string }> }>(
    join(pkg.dir, 'package.json'),
  );
  const target = manifest.exports?.[subpath];
  if (target !== undefined) {
    const built = typeof target === 'string' ? target : (target.default ?? '');
    // Packages export their build: dist/x.js is compiled from src/x.ts.
    return asSourceFile(join(pkg.dir, built.replace(/^\.\/dist\//, 'src/')));
  }
  return asSourceFile(join(pkg.dir, subpath));
}

/** The files reachable from `entries` through relative and workspace-package imports. */
export function moduleGraph(
  entries: readonly string[],
  packages: readonly WorkspacePackage[],
): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const pattern of importPatterns) {
      for (const [, specifier] of text.matchAll(pattern)) {
        const target = specifier!.startsWith('.')
          ? asSourceFile(resolve(dirname(file), specifier!))
          : resolveWorkspaceImport(specifier!, packages);
        if (target !== undefined && !target.includes('/node_modules/')) visit(target);
      }
    }
  };
  entries.forEach(visit);
  return [...seen];
}

/** The union of what `files` read, and what they set themselves. */
export function envReadsOfFiles(files: readonly string[]): EnvReads {
  const union = {
    all: new Set<string>(),
    direct: new Set<string>(),
    assigned: new Set<string>(),
    keys: new Set<string>(),
  };
  for (const file of files) {
    const reads = envReadsOf(readFileSync(file, 'utf8'));
    for (const kind of ['all', 'direct', 'assigned', 'keys'] as const) {
      reads[kind].forEach((variable) => union[kind].add(variable));
    }
  }
  return union;
}
