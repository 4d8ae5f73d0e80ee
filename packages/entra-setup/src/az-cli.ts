/**
 * Running the Azure CLI. Every call goes through the `Az` interface, so the setup logic
 * runs the same against the real `az`, a stand-in `az` on PATH (the tests), and a dry
 * run that only prints what it would run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A JSON request body, passed to `az` as `@<file>` (no shell quoting of JSON on any OS). */
export interface JsonBody {
  readonly file: string;
  readonly json: unknown;
}

export type AzArg = string | JsonBody;

export interface Az {
  /** Runs `az <args> --output json` and returns the parsed output (null when it printed nothing). */
  run(args: readonly AzArg[]): Promise<unknown>;
}

/** Marks a JSON body argument. `file` names it in dry-run output and error messages. */
export function body(file: string, json: unknown): JsonBody {
  return { file, json };
}

export const installUrl = 'https://learn.microsoft.com/cli/azure/install-azure-cli';

/** `az` could not be started. */
export class AzNotInstalledError extends Error {
  readonly code = 'AZ_NOT_INSTALLED';
  constructor(command: string) {
    super(
      `The Azure CLI ("${command}") is not installed or not on PATH. Install it (${installUrl}), ` +
        'sign in with `az login --tenant <your-tenant-id> --allow-no-subscriptions`, and run ' +
        '`pnpm entra:setup` again. `pnpm entra:setup --dry-run` shows the calls without it.',
    );
    this.name = 'AzNotInstalledError';
  }
}

/** `az account show` says nobody is signed in. */
export class AzNotLoggedInError extends Error {
  readonly code = 'AZ_NOT_LOGGED_IN';
  constructor(stderr: string) {
    super(
      'The Azure CLI is not signed in. Run `az login --tenant <your-tenant-id> --allow-no-subscriptions` ' +
        '(the flag lets you sign in to a tenant that has no Azure subscription), then run ' +
        `\`pnpm entra:setup\` again. az said: ${lastLine(stderr)}`,
    );
    this.name = 'AzNotLoggedInError';
  }
}

/** An `az` command exited with an error. */
export class AzCommandError extends Error {
  readonly code = 'AZ_COMMAND_FAILED';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `\`${formatCommand(args)}\` failed (exit ${exitCode ?? 'signal'}): ${stderr.trim()}${hintFor(stderr)}`,
    );
    this.name = 'AzCommandError';
  }
}

function hintFor(stderr: string): string {
  if (/insufficient privileges|Authorization_RequestDenied/i.test(stderr)) {
    return (
      '\nYour account may not create or change app registrations in this tenant. Ask an ' +
      'administrator for the Application Developer role (or to run this script), or to allow ' +
      'users to register applications.'
    );
  }
  return '';
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .at(-1) ?? '(no message)'
  );
}

/** A command line a person could paste: arguments with spaces or quotes are quoted. */
export function formatCommand(args: readonly AzArg[]): string {
  return [
    'az',
    ...args.map((arg) => (typeof arg === 'string' ? shellQuote(arg) : `@${arg.file}`)),
  ].join(' ');
}

function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(arg)) return arg;
  return arg.includes('"') ? `'${arg.replace(/'/g, `'\\''`)}'` : `"${arg}"`;
}

/** cmd.exe quoting for Windows, where `az` is a batch file that needs a shell. */
function cmdQuote(arg: string): string {
  return /^[A-Za-z0-9_./:@=,\\-]+$/.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
}

export interface AzureCliOptions {
  /** The command to run; default `az`. */
  readonly command?: string;
  /** The environment `az` runs with (and whose PATH finds it); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Waits before retrying a call that failed because Graph has not caught up; default 2, 4, 8, 16 s. */
  readonly retryDelaysMs?: readonly number[];
  /** Told about each retry. */
  readonly onRetry?: (message: string) => void;
}

/**
 * Microsoft Graph is eventually consistent: right after `az ad app create`, calls about
 * the new application can answer "does not exist" for a few seconds. Those are retried.
 */
const notReplicatedYet =
  /Request_ResourceNotFound|does not exist or one of its queried reference-property objects are not present/i;

/** The real Azure CLI. */
export class AzureCli implements Az {
  private readonly command: string;
  private readonly env: NodeJS.ProcessEnv;

  private readonly retryDelaysMs: readonly number[];
  private readonly onRetry: (message: string) => void;

  constructor(options: AzureCliOptions = {}) {
    this.command = options.command ?? 'az';
    this.env = options.env ?? process.env;
    this.retryDelaysMs = options.retryDelaysMs ?? [2000, 4000, 8000, 16000];
    this.onRetry = options.onRetry ?? (() => {});
  }

  async run(args: readonly AzArg[]): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runOnce(args);
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (
          !(error instanceof AzCommandError) ||
          !notReplicatedYet.test(error.stderr) ||
          delay === undefined
        ) {
          throw error;
        }
        this.onRetry(
          `  (Microsoft Graph does not show the change yet: retrying \`${formatCommand(args)}\` in ${delay / 1000} s)`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async runOnce(args: readonly AzArg[]): Promise<unknown> {
    const dir = args.some((arg) => typeof arg !== 'string')
      ? mkdtempSync(join(tmpdir(), 'pixy-entra-'))
      : undefined;
    try {
      const argv = args.map((arg) => {
        if (typeof arg === 'string') return arg;
        const path = join(dir!, arg.file);
        writeFileSync(path, JSON.stringify(arg.json, null, 2));
        return `@${path}`;
      });
      argv.push('--output', 'json');
      const stdout = await this.spawn(argv);
      return stdout.trim() === '' ? null : (JSON.parse(stdout) as unknown);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }

  private spawn(argv: string[]): Promise<string> {
    const windows = process.platform === 'win32';
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, windows ? argv.map(cmdQuote) : argv, {
        env: this.env,
        shell: windows,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'ENOENT' ? new AzNotInstalledError(this.command) : error);
      });
      child.on('close', (code) => {
        const stderr = Buffer.concat(err).toString('utf8');
        // cmd.exe reports a missing command as exit 9009 rather than ENOENT.
        if (windows && code === 9009) reject(new AzNotInstalledError(this.command));
        else if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else reject(new AzCommandError(argv, code, stderr));
      });
    });
  }
}
