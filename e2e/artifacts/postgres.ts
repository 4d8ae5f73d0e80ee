/**
 * A throw-away PostgreSQL cluster, as .ci/run starts one: in a temp folder, on a free port,
 * trust authentication on the loopback interface only, removed by `stop()`. The system's
 * own cluster is never touched.
 */
import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runAs, type Prerequisites } from './prerequisites.js';

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/pixy` */
  readonly url: string;
  readonly version: string;
  stop(): void;
}

export function startThrowawayPostgres(
  prerequisites: Prerequisites,
  folder: string,
  port: number,
): ThrowawayPostgres {
  const { postgresBin: bin, postgresUser: user } = prerequisites;
  const data = join(folder, 'data');
  mkdirSync(folder, { recursive: true });
  if (user !== undefined) {
    const uid = Number(runAs(undefined, 'id', ['-u', user]).trim());
    const gid = Number(runAs(undefined, 'id', ['-g', user]).trim());
    chownSync(folder, uid, gid);
  }
  const pg = (name: string, args: string[]) => runAs(user, join(bin, name), args);
  pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  pg('pg_ctl', [
    '-D',
    data,
    '-l',
    join(folder, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  const stop = () => {
    try {
      pg('pg_ctl', ['-D', data, '-m', 'fast', 'stop']);
    } catch {
      // Already stopped.
    }
  };
  try {
    pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'pixy']);
  } catch (error) {
    stop();
    throw error;
  }
  const version = /\d+(\.\d+)+/.exec(pg('pg_ctl', ['--version']))?.[0] ?? '?';
  return { url: `postgres://postgres@127.0.0.1:${port}/pixy`, version, stop };
}
