/**
 * The programs the production-artifact test runs besides Node: nginx (the web image's
 * static server) and PostgreSQL's server programs. Found where the usual packages install
 * them; when one is missing the test fails, naming what to install (it never skips).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Prerequisites {
  readonly nginx: string;
  /** The mime.types file of that nginx (the image's main configuration includes its own). */
  readonly nginxMimeTypes: string;
  /** The folder of initdb, pg_ctl and createdb. */
  readonly postgresBin: string;
  /** initdb and postgres refuse to run as root: as root, they run as this user. */
  readonly postgresUser: string | undefined;
}

export class MissingPrerequisiteError extends Error {
  override readonly name = 'MissingPrerequisiteError';
}

const install = {
  nginx: 'Debian/Ubuntu: `sudo apt-get install nginx`; macOS: `brew install nginx`',
  postgres: 'Debian/Ubuntu: `sudo apt-get install postgresql`; macOS: `brew install postgresql@17`',
};

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

function findNginx(): string | undefined {
  return (
    onPath('nginx') ??
    [
      '/usr/sbin/nginx',
      '/usr/local/sbin/nginx',
      '/opt/homebrew/bin/nginx',
      '/usr/local/bin/nginx',
    ].find((path) => existsSync(path))
  );
}

/** Debian keeps each major version's server programs in /usr/lib/postgresql/<major>/bin. */
function findPostgresBin(): string | undefined {
  const initdb = onPath('initdb');
  const versioned = (root: string, prefix: string) =>
    existsSync(root)
      ? readdirSync(root)
          .filter((name) => name.startsWith(prefix))
          .sort((a, b) => Number(b.slice(prefix.length)) - Number(a.slice(prefix.length)))
          .map((name) => join(root, name, 'bin'))
      : [];
  return [
    // initdb on PATH may be a link to a folder that holds the other programs.
    ...(initdb === undefined ? [] : [dirname(realpathSync(initdb))]),
    ...versioned('/usr/lib/postgresql', ''),
    ...versioned('/opt/homebrew/opt', 'postgresql@'),
    ...versioned('/usr/local/opt', 'postgresql@'),
  ].find((bin) => ['initdb', 'pg_ctl', 'createdb'].every((name) => existsSync(join(bin, name))));
}

export function findPrerequisites(): Prerequisites {
  const missing: string[] = [];
  const nginx = findNginx();
  let nginxMimeTypes = '';
  if (nginx === undefined) {
    missing.push(`nginx (the web image's static server) is not installed: ${install.nginx}.`);
  } else {
    // `nginx -V` names its configuration file; mime.types sits beside it.
    const version = spawnSync(nginx, ['-V'], { encoding: 'utf8' });
    const confPath = /--conf-path=(\S+)/.exec(`${version.stdout}${version.stderr}`)?.[1];
    nginxMimeTypes = join(dirname(confPath ?? '/etc/nginx/nginx.conf'), 'mime.types');
    if (!existsSync(nginxMimeTypes)) {
      missing.push(
        `${nginx} has no mime.types at ${nginxMimeTypes}: reinstall it (${install.nginx}).`,
      );
    }
  }
  const postgresBin = findPostgresBin();
  if (postgresBin === undefined) {
    missing.push(
      `PostgreSQL's server programs (initdb, pg_ctl) are not installed: ${install.postgres}.`,
    );
  }
  let postgresUser: string | undefined;
  if (process.getuid?.() === 0) {
    postgresUser = 'postgres';
    const known = spawnSync('id', ['-u', postgresUser]).status === 0;
    if (!known || onPath('runuser') === undefined) {
      missing.push(
        'Running as root, the test starts PostgreSQL as the `postgres` user with `runuser`, and ' +
          'one of them is missing: run the tests as a normal user, or install PostgreSQL from ' +
          'your distribution (it creates the user).',
      );
    }
  }
  if (missing.length > 0) {
    throw new MissingPrerequisiteError(
      `The production-artifact test (e2e/artifacts) needs programs that are not here:\n` +
        missing.map((line) => `  - ${line}`).join('\n'),
    );
  }
  return { nginx: nginx!, nginxMimeTypes, postgresBin: postgresBin!, postgresUser };
}

/** Runs `file` (as `user` when given), throwing its output when it fails. */
export function runAs(user: string | undefined, file: string, args: readonly string[]): string {
  const [command, ...rest] =
    user === undefined ? [file, ...args] : ['runuser', '-u', user, '--', file, ...args];
  try {
    return execFileSync(command, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${[file, ...args].join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, {
      cause: error,
    });
  }
}
