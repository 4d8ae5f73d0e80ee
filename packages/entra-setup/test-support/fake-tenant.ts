/**
 * Test support: a temporary folder with the stand-in `az` (test-support/fake-az.mjs) first
 * on PATH, its tenant state and call log, and a temporary repository root for .env. Made
 * inside a test; the folder is removed when that test finishes.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import type { Application, AppRoleAssignment, ServicePrincipal } from '../src/graph-types.js';
import { main } from '../src/main.js';

const fakeAz = fileURLToPath(new URL('./fake-az.mjs', import.meta.url));

export interface RecordedCall {
  readonly args: string[];
  readonly files: Record<string, unknown>;
}

export interface TenantState {
  tenantId: string;
  user: { id: string; userPrincipalName: string };
  apps: Application[];
  sps: ServicePrincipal[];
  assignments: AppRoleAssignment[];
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class FakeTenant {
  readonly dir = mkdtempSync(join(tmpdir(), 'pixy-fake-az-'));
  readonly bin = join(this.dir, 'bin');
  readonly root = join(this.dir, 'repo');
  readonly env: NodeJS.ProcessEnv;

  constructor(extraEnv: NodeJS.ProcessEnv = {}) {
    onTestFinished(() => this.remove());
    mkdirSync(this.bin);
    mkdirSync(this.root);
    writeFileSync(join(this.root, 'pnpm-workspace.yaml'), 'packages: []\n');
    copyFileSync(fakeAz, join(this.bin, 'az'));
    chmodSync(join(this.bin, 'az'), 0o755);
    this.env = {
      PATH: [this.bin, process.env.PATH ?? ''].join(delimiter),
      FAKE_AZ_DIR: this.dir,
      ...extraEnv,
    };
  }

  /** Deletes the folder with the stand-in az, its tenant and the repository root. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs `pnpm entra:setup <argv>` in-process against this tenant. */
  async setup(argv: string[] = [], env: NodeJS.ProcessEnv = this.env): Promise<RunResult> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      root: this.root,
      env,
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      azRetryDelaysMs: [5, 5, 5],
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  /** Runs the stand-in az directly, as a person would run az, to prepare a tenant. */
  az(...args: string[]): unknown {
    const text = execFileSync('az', args, {
      env: { ...process.env, ...this.env },
      encoding: 'utf8',
    });
    return text.trim() === '' ? null : JSON.parse(text);
  }

  /** PATCHes an application through the stand-in `az rest`. */
  patchApp(objectId: string, patch: unknown): void {
    const file = join(this.dir, `patch-${Date.now()}-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(patch));
    this.az(
      'rest',
      '--method',
      'PATCH',
      '--uri',
      `https://graph.microsoft.com/v1.0/applications/${objectId}`,
      '--headers',
      'Content-Type=application/json',
      '--body',
      `@${file}`,
    );
  }

  calls(): RecordedCall[] {
    const log = join(this.dir, 'calls.jsonl');
    if (!existsSync(log)) return [];
    return readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RecordedCall);
  }

  /** Forgets the calls made so far. */
  clearCalls(): void {
    writeFileSync(join(this.dir, 'calls.jsonl'), '');
  }

  tenant(): TenantState {
    return JSON.parse(readFileSync(join(this.dir, 'tenant.json'), 'utf8')) as TenantState;
  }

  app(displayName: string): Application {
    const app = this.tenant().apps.find((candidate) => candidate.displayName === displayName);
    if (!app) throw new Error(`no app registration named ${displayName}`);
    return app;
  }

  get envFile(): string {
    return join(this.root, '.env');
  }

  writeEnv(text: string): void {
    writeFileSync(this.envFile, text);
  }

  readEnv(): string {
    return existsSync(this.envFile) ? readFileSync(this.envFile, 'utf8') : '';
  }
}

/** The command words of a call, e.g. "ad app create" or "rest PATCH". */
export function verb(call: RecordedCall): string {
  if (call.args[0] === 'rest') return `rest ${call.args[call.args.indexOf('--method') + 1]}`;
  const firstFlag = call.args.findIndex((arg) => arg.startsWith('-'));
  return call.args.slice(0, firstFlag < 0 ? undefined : firstFlag).join(' ');
}
