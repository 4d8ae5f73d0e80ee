/** The repository as these checks see it: its packages, their scripts and turbo.json files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export interface TurboTask {
  readonly env?: readonly string[];
  readonly passThroughEnv?: readonly string[];
}

export interface TurboJson {
  readonly globalEnv?: readonly string[];
  readonly globalPassThroughEnv?: readonly string[];
  readonly tasks?: Readonly<Record<string, TurboTask>>;
}

export interface WorkspacePackage {
  readonly name: string;
  /** Absolute path of its folder. */
  readonly dir: string;
  readonly scripts: Readonly<Record<string, string>>;
  /** Workspace packages it depends on (dependencies and devDependencies). */
  readonly workspaceDependencies: readonly string[];
  readonly turbo: TurboJson | undefined;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** The folders pnpm-workspace.yaml lists (`dir/*` patterns and plain folders). */
export function workspacePackages(): WorkspacePackage[] {
  const yaml = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const section = yaml.slice(yaml.indexOf('packages:'), yaml.search(/\n\S/g) + 1 || undefined);
  const patterns = [...section.matchAll(/^\s+-\s+(\S+)$/gm)].map((match) => match[1]!);
  const dirs = patterns.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(repoRoot, pattern.slice(0, -2), entry.name))
      : [join(repoRoot, pattern)],
  );
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = readJson<{
        name: string;
        scripts?: Record<string, string>;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      }>(join(dir, 'package.json'));
      const deps = { ...manifest.dependencies, ...manifest.devDependencies };
      const turboPath = join(dir, 'turbo.json');
      return {
        name: manifest.name,
        dir,
        scripts: manifest.scripts ?? {},
        workspaceDependencies: Object.entries(deps)
          .filter(([, version]) => version.startsWith('workspace:'))
          .map(([name]) => name),
        turbo: existsSync(turboPath) ? readJson<TurboJson>(turboPath) : undefined,
      };
    });
}

export const rootTurbo = (): TurboJson => readJson<TurboJson>(join(repoRoot, 'turbo.json'));

/** The folder of the workspace package `name`. */
export function packageDir(packages: readonly WorkspacePackage[], name: string): string {
  const found = packages.find((pkg) => pkg.name === name);
  if (!found) throw new Error(`No workspace package ${name}`);
  return found.dir;
}

export { dirname };
