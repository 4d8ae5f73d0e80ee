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

/** Runs the user-level steps and returns what happened, one line each. */
export function trustCa(caPath: string): string[] {
  const report: string[] = [];
  for (const step of trustSteps(caPath)) {
    if (!step.runs || !step.file) {
      report.push(`To do yourself: ${step.what}:\n    ${step.command}`);
      continue;
    }
    if (process.platform === 'linux')
      mkdirSync(join(homedir(), '.pki', 'nssdb'), { recursive: true });
    if (process.platform === 'linux' && !existsSync(join(homedir(), '.pki', 'nssdb', 'cert9.db'))) {
      tryRun('certutil', [
        '-d',
        `sql:${join(homedir(), '.pki', 'nssdb')}`,
        '-N',
        '--empty-password',
      ]);
    }
    const error = tryRun(step.file, step.args ?? []);
    report.push(
      error === undefined
        ? `Done: ${step.what}.`
        : `Could not run it (${error}). ${step.what}:\n    ${step.command}`,
    );
  }
  return report;
}

function tryRun(file: string, args: readonly string[]): string | undefined {
  try {
    execFileSync(file, args, { stdio: ['inherit', 'ignore', 'pipe'] });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${file} is not installed` : (error as Error).message.split('\n')[0];
  }
}
