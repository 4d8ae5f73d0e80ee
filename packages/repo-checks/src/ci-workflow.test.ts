// The GitHub workflow keeps its promises: it may read the code and nothing more, it tests
// the oldest Node Pixy supports and the default one, it uploads the folders the e2e suites
// actually write when they fail (traces, screenshots, each app's log), and it builds and
// smoke-tests both images. Its action versions are kept current by Renovate (renovate.json).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readJson, repoRoot } from './workspace.js';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, string | boolean | number>>;
}
interface Job {
  readonly strategy?: { readonly matrix?: { readonly node?: readonly string[] } };
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly permissions?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

const workflow = parse(
  readFileSync(join(repoRoot, '.github', 'workflows', 'ci.yml'), 'utf8'),
) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const e2e = join(repoRoot, 'e2e');

/** The e2e code's files (configs, stacks, tests), without node_modules and outputs. */
function e2eSources(dir = e2e): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', 'test-results', '.data'].includes(entry.name) ? [] : e2eSources(path);
    }
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('.github/workflows/ci.yml', () => {
  it('may only read the repository', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('tests the oldest supported Node and the default one', () => {
    const engines = readJson<{ engines: { node: string } }>(join(repoRoot, 'package.json')).engines
      .node;
    const oldest = /^>=\s*(\d+\.\d+)/.exec(engines)?.[1];
    const nvmrc = readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim();
    expect(workflow.jobs.test?.strategy?.matrix?.node).toEqual([oldest, nvmrc]);
  });

  it('caches the pnpm store', () => {
    const caches = steps.filter((step) => step.uses?.startsWith('actions/cache@'));
    expect(caches.map((step) => step.with?.path)).toContain('${{ env.PNPM_STORE }}');
  });

  it('uploads the folders the e2e suites write', () => {
    const uploads = steps
      .filter((step) => step.uses?.startsWith('actions/upload-artifact@'))
      .flatMap((step) => String(step.with?.path ?? '').split('\n'))
      .map((path) => path.trim())
      .filter((path) => path.startsWith('e2e/'));
    const sources = e2eSources().map((file) => readFileSync(file, 'utf8'));
    // Playwright's traces and screenshots: its default outputDir, or one below it.
    const outputDirs = sources.flatMap((text) =>
      [...text.matchAll(/outputDir:\s*'\.\/([^']+)'/g)].map((match) => `e2e/${match[1]}`),
    );
    expect(outputDirs.length).toBeGreaterThan(0);
    for (const dir of ['e2e/test-results', ...outputDirs]) {
      expect(uploads.some((upload) => dir === upload || dir.startsWith(`${upload}/`))).toBe(true);
    }
    // Each app's log: the folders the stacks write them to (join(e2eDataDir, …, 'logs')).
    const logDirs = sources.flatMap((text) =>
      [...text.matchAll(/join\(e2eDataDir, ((?:'[\w-]+', )*)'logs'/g)].map(
        (match) => `e2e/.data/${match[1]!.replace(/'([\w-]+)', /g, '$1/')}logs`,
      ),
    );
    expect(new Set(logDirs)).toEqual(new Set(['e2e/.data/logs', 'e2e/.data/artifacts/logs']));
    for (const dir of logDirs) expect(uploads).toContain(dir);
    // A folder that nothing writes would be a promise the upload never keeps.
    for (const upload of uploads) {
      expect([...outputDirs, 'e2e/test-results', ...logDirs]).toContain(upload);
    }
  });

  it('builds both images and smoke-tests them', () => {
    const runs = steps.flatMap((step) => step.run ?? []).join('\n');
    for (const dockerfile of ['apps/api/Dockerfile', 'apps/web/Dockerfile']) {
      expect(existsSync(join(repoRoot, dockerfile))).toBe(true);
      expect(runs).toContain(`docker build -f ${dockerfile}`);
    }
    const script = /bash (\.github\/scripts\/[\w-]+\.sh)/.exec(runs)?.[1];
    expect(script && existsSync(join(repoRoot, script))).toBe(true);
  });
});
