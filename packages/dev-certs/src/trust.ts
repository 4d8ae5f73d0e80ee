/**
 * How to trust the dev CA on each OS. `pnpm certs:trust` runs the user-level command
 * where one exists; commands that need an administrator are printed, never run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const caNickname = 'Pixy local development CA';

export interface TrustStep {
  /** What the step does, for a person. */
  readonly what: string;
  /** The command, as a person would type it. */
  readonly command: string;
  /** Whether `pnpm certs:trust` runs it (user-level, no administrator rights needed). */
  readonly runs: boolean;
  readonly file?: string;
  readonly args?: readonly string[];
}

/** The steps that trust `caPath` for browsers and tools on `platform`. */
export function trustSteps(
  caPath: string,
  platform: NodeJS.Platform = process.platform,
): TrustStep[] {
  switch (platform) {
    case 'darwin': {
      const keychain = join(homedir(), 'Library', 'Keychains', 'login.keychain-db');
      const args = ['add-trusted-cert', '-r', 'trustRoot', '-k', keychain, caPath];
      return [
        {
          what: 'Trust the CA in your login keychain (Safari, Chrome, Edge; macOS asks for your password)',
          command: `security ${args.join(' ')}`,
          runs: true,
          file: 'security',
          args,
        },
      ];
    }
    case 'win32': {
      const args = ['-user', '-addstore', 'Root', caPath];
      return [
        {
          what: 'Trust the CA for your Windows user (Edge, Chrome; Windows asks to confirm)',
          command: `certutil ${args.join(' ')}`,
          runs: true,
          file: 'certutil',
          args,
        },
      ];
    }
    default: {
      const nssdb = `sql:${join(homedir(), '.pki', 'nssdb')}`;
      const args = ['-d', nssdb, '-A', '-t', 'C,,', '-n', caNickname, '-i', caPath];
      return [
        {
          what: 'Trust the CA in your NSS database (Chrome and Chromium on Linux; needs certutil from libnss3-tools)',
          command: `certutil ${args.map((a) => (a.includes(' ') ? `"${a}"` : a)).join(' ')}`,
          runs: true,
          file: 'certutil',
          args,
        },
        {
          what: 'Trust the CA system-wide (curl and other tools; needs root)',
          command: `sudo cp ${caPath} /usr/local/share/ca-certificates/pixy-dev-ca.crt && sudo update-ca-certificates`,
          runs: false,
        },
      ];
    }
  }
}

/** What `pnpm certs:trust` did: one line per step, and how many trusted the CA. */
export interface TrustResult {
  readonly lines: string[];
  readonly trusted: number;
}

/** Runs a program; returns why it failed, or undefined when it succeeded. */
export type RunProgram = (file: string, args: readonly string[]) => string | undefined;

/** The package that provides `file`, where it is not part of the OS. */
const providers: Record<string, string> = {
  certutil:
    'install libnss3-tools (Debian, Ubuntu: `sudo apt-get install libnss3-tools`), ' +
    'nss-tools (Fedora) or nss (Arch)',
};

/** Runs the user-level steps and says what happened, one line each. */
export function trustCa(
  caPath: string,
  options: { platform?: NodeJS.Platform; home?: string; run?: RunProgram } = {},
): TrustResult {
  const platform = options.platform ?? process.platform;
  const home = options.home ?? homedir();
  const run = options.run ?? tryRun;
  const lines: string[] = [];
  let trusted = 0;
  for (const step of trustSteps(caPath, platform)) {
    if (!step.runs || !step.file) {
      lines.push(`To do yourself: ${step.what}:\n    ${step.command}`);
      continue;
    }
    const nssdb = join(home, '.pki', 'nssdb');
    if (platform === 'linux') mkdirSync(nssdb, { recursive: true });
    if (platform === 'linux' && !existsSync(join(nssdb, 'cert9.db'))) {
      run('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
    }
    const error = run(step.file, step.args ?? []);
    if (error === undefined) {
      trusted++;
      lines.push(`Done: ${step.what}.`);
    } else {
      const missing = error === `${step.file} is not installed` && providers[step.file];
      lines.push(
        `Could not run it (${error}${missing ? `: ${missing}` : ''}). ${step.what}:\n    ${step.command}`,
      );
    }
  }
  return { lines, trusted };
}

const tryRun: RunProgram = (file, args) => {
  try {
    execFileSync(file, args, { stdio: ['inherit', 'ignore', 'pipe'] });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${file} is not installed` : (error as Error).message.split('\n')[0];
  }
};

/**
 * `pnpm certs:trust`: runs the steps, prints what happened, and returns the exit code: 1
 * when nothing was trusted (a missing certutil, say), so scripts and people notice.
 */
export function trustCommand(
  caPath: string,
  options: Parameters<typeof trustCa>[1] & {
    log?: (line: string) => void;
    error?: (line: string) => void;
  } = {},
): number {
  const { log = console.log, error = console.error, ...trustOptions } = options;
  const { lines, trusted } = trustCa(caPath, trustOptions);
  for (const line of lines) log(line);
  if (trusted === 0) {
    error('Nothing was trusted: do what the step above says, then run `pnpm certs:trust` again.');
    return 1;
  }
  log('Restart the browser so it picks up the change.');
  return 0;
}
