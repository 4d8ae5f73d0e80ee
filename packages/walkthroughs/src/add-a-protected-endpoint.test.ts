// Keeps docs/add-a-protected-endpoint.md true: applies its steps, exactly as written, to a
// copy of the repository, then checks what the page promises — the API and the SPA still
// type-check, the page's own test passes (403 without the scope, 200 with it), and the
// emulator and `pnpm entra:setup` pick the new scope up with no change of their own.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allScopes } from '@pixy/auth-contract';
import { findRepoRoot } from '@pixy/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepository } from './repo-copy.js';
import { applyWalkthrough, parseWalkthrough } from './walkthrough-steps.js';

const newScope = 'Tasks.Export';
const root = findRepoRoot(fileURLToPath(new URL('.', import.meta.url)));
const steps = parseWalkthrough(
  readFileSync(join(root, 'docs/add-a-protected-endpoint.md'), 'utf8'),
);

interface Run {
  code: number | null;
  output: string;
}

/** Runs `node <args>` in `cwd`; resolves with the exit code and everything printed. */
function node(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      {
        cwd,
        // Plain output to read: no colours.
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * The type errors the walkthrough is answerable for: in a file it changed, or naming what
 * it added (a `Record` over every scope elsewhere that now lacks the new one). Errors in
 * other files are the packages' own typecheck's business, and a work in progress there
 * must not fail this test.
 */
function walkthroughErrors(folder: string, output: string): string[] {
  const touched = new Set(
    steps
      .map((step) => step.path)
      .filter((path) => path.startsWith(`${folder}/`))
      .map((path) => path.slice(folder.length + 1)),
  );
  const errors = output.split(/\n(?=\S)/).filter((text) => /\(\d+,\d+\): error TS/.test(text));
  return errors.filter((text) => {
    const file = text.slice(0, text.indexOf('('));
    return touched.has(file) || text.includes(newScope) || text.includes('TasksExport');
  });
}

/** The TypeScript compiler as installed, run in a folder of the copy. */
const tsc = (copy: string, folder: string, args: string[]) =>
  node(join(copy, folder), [join(copy, folder, 'node_modules/typescript/bin/tsc'), ...args]);

describe('docs/add-a-protected-endpoint.md', () => {
  it('changes neither the emulator nor the setup script, and is not applied already', () => {
    expect(steps.length).toBeGreaterThanOrEqual(8);
    const touched = steps.map((step) => step.path);
    expect(
      touched.filter((path) => /^packages\/(entra-emulator|local-idp|entra-setup)\//.test(path)),
    ).toEqual([]);
    // In the API, the endpoint touches its feature module (tasks/) and nothing else.
    expect(
      touched.filter(
        (path) => path.startsWith('apps/api/') && !path.startsWith('apps/api/src/tasks/'),
      ),
    ).toEqual([]);
    expect(touched).toEqual(
      expect.arrayContaining([
        'packages/auth-contract/src/permissions.ts',
        'apps/api/src/tasks/tasks.module.ts',
        'apps/web/src/features/tasks/components/tasks-page.tsx',
        'apps/api/src/tasks/tasks-export.controller.test.ts',
      ]),
    );
    expect(allScopes).not.toContain(newScope);
  });

  describe('applied to a copy of the repository', () => {
    let copy: string;

    beforeAll(async () => {
      copy = copyRepository(root, [
        'packages/api-contract',
        'packages/authority-https',
        'packages/config',
        'packages/dev-certs',
        'packages/entra-setup',
        'packages/entra-emulator',
        'packages/local-idp',
        'packages/test-support',
      ]);
      applyWalkthrough(copy, steps);
      const build = await tsc(copy, 'packages/auth-contract', ['-p', 'tsconfig.build.json']);
      expect(build.output).toBe('');
      expect(build.code).toBe(0);
    }, 120_000);

    afterAll(() => {
      if (copy) rmSync(dirname(copy), { recursive: true, force: true });
    });

    it('adds the scope to the contract', async () => {
      const contract = (await import(
        pathToFileURL(join(copy, 'packages/auth-contract/dist/index.js')).href
      )) as { allScopes: string[]; scopeDefinitions: Record<string, unknown> };
      expect(contract.allScopes).toContain(newScope);
      expect(contract.scopeDefinitions[newScope]).toBeDefined();
    });

    it('leaves the API and the SPA type-checking', async () => {
      const [api, web] = await Promise.all([
        tsc(copy, 'apps/api', ['--noEmit']),
        tsc(copy, 'apps/web', ['--noEmit', '-p', 'tsconfig.app.json']),
      ]);
      expect(walkthroughErrors('apps/api', api.output)).toEqual([]);
      expect(walkthroughErrors('apps/web', web.output)).toEqual([]);
    }, 180_000);

    it('has a test that passes: 403 without the scope, 200 with it', async () => {
      const run = await node(join(copy, 'apps/api'), [
        join(copy, 'apps/api/node_modules/vitest/vitest.mjs'),
        'run',
        'src/tasks/tasks-export.controller.test.ts',
      ]);
      expect(run.output).toMatch(/Tests\s+2 passed/);
      expect(run.code).toBe(0);
    }, 180_000);

    it('gets the scope from the unchanged emulator: Alice may have it, Riley may not', async () => {
      // A script run by Node itself, so that it imports the copy's built packages only.
      const script = join(dirname(copy), 'emulator-check.mjs');
      writeFileSync(
        script,
        `
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { certPaths, ensureDevCerts } from ${JSON.stringify(pathToFileURL(join(copy, 'packages/dev-certs/dist/index.js')).href)};
import { ConfigReader, readStackConfig } from ${JSON.stringify(pathToFileURL(join(copy, 'packages/config/dist/index.js')).href)};
import { startEmulator } from ${JSON.stringify(pathToFileURL(join(copy, 'packages/entra-emulator/dist/index.js')).href)};
import { readLocalIdpSettings } from ${JSON.stringify(pathToFileURL(join(copy, 'packages/local-idp/dist/index.js')).href)};

const scratch = process.env.WALKTHROUGH_SCRATCH;
const paths = certPaths(mkdtempSync(join(scratch, 'certs-')));
ensureDevCerts(paths);
const read = (path) => readFileSync(path, 'utf8');
const reader = new ConfigReader({});
const { config } = readLocalIdpSettings(reader, readStackConfig(reader));
const idp = await startEmulator({
  config,
  port: 0,
  dataDir: mkdtempSync(join(scratch, 'keys-')),
  devControls: true,
  tls: { cert: read(paths.cert), key: read(paths.key) },
});
const token = (username) =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify({ username, scopes: [${JSON.stringify(newScope)}] });
    const req = request(idp.url + '/_dev/tokens', {
      method: 'POST', ca: read(paths.ca), headers: { 'content-type': 'application/json' },
    }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
const alice = await token('alice@pixy.test');
const riley = await token('riley@pixy.test');
await idp.close();
const scp = alice.body.access_token
  ? JSON.parse(Buffer.from(alice.body.access_token.split('.')[1], 'base64url')).scp
  : undefined;
console.log(JSON.stringify({ alice: { status: alice.status, scp }, riley: { status: riley.status, body: riley.body } }));
`,
      );
      const run = await node(copy, [script], { WALKTHROUGH_SCRATCH: dirname(copy) });
      expect(run.code, run.output).toBe(0);
      const result = JSON.parse(run.output.trim().split('\n').at(-1)!) as {
        alice: { status: number; scp: string };
        riley: { status: number; body: { error?: string; error_description?: string } };
      };
      expect(result.alice).toEqual({ status: 200, scp: newScope });
      expect(result.riley.status).toBe(400);
      expect(result.riley.body.error_description).toContain('AADSTS65001');
    }, 60_000);

    it('is registered by the unchanged `pnpm entra:setup --dry-run`', async () => {
      const run = await node(copy, [join(copy, 'packages/entra-setup/dist/cli.js'), '--dry-run'], {
        PATH: '',
      });
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain(`"value": "${newScope}"`);
      expect(run.output).toContain('Export your tasks');
      // …and the clients are pre-authorized for it: one more scope GUID in each entry.
      const preAuthorized =
        /"preAuthorizedApplications": \[([\s\S]*?)\n {10}\]/.exec(run.output)?.[1] ?? '';
      expect(preAuthorized.match(/"[0-9a-f]{8}-[0-9a-f-]{27}"/g)).toHaveLength(
        2 * allScopes.length + 2,
      );
    }, 60_000);
  });
});
