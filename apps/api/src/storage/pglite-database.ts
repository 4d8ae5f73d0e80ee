// The SQL port over embedded PGlite (PostgreSQL compiled to WebAssembly, in this process):
// the default database, so the API runs with nothing installed. A new database is a copy
// of an empty template (pglite-template.ts): this process never runs initdb.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { copyPgliteTemplate, holdsDatabase, pgliteSettings } from './pglite-template.js';
import type { SqlDatabase, SqlQuery } from './sql-database.js';

/**
 * `dataDir` is an absolute directory (created if missing) or `memory://`: a throw-away
 * database in a temporary folder, removed when it is closed.
 */
export async function openPgliteDatabase(dataDir: string): Promise<SqlDatabase> {
  const throwAway = dataDir === 'memory://';
  const directory = throwAway
    ? await mkdtemp(join(tmpdir(), 'pixy-pglite-memory-'))
    : (await mkdir(dataDir, { recursive: true }), dataDir);
  const removeThrowAway = () =>
    throwAway ? rm(directory, { recursive: true, force: true }) : Promise.resolve();
  let db: PGlite;
  try {
    if (!(await holdsDatabase(directory))) {
      if ((await readdir(directory)).length > 0) {
        throw new Error('the directory holds other files, not a database');
      }
      await copyPgliteTemplate(directory);
    }
    db = await PGlite.create(directory, { postgresqlconf: pgliteSettings });
  } catch (error) {
    await removeThrowAway();
    throw new Error(
      `Could not open the PGlite database in ${dataDir}: ${(error as Error).message}. ` +
        'PGlite allows one process per directory: is another one using it?',
      { cause: error },
    );
  }

  const query: SqlQuery = async <Row>(sql: string, params: readonly unknown[] = []) =>
    (await db.query<Row>(sql, [...params])).rows;

  let closing: Promise<void> | undefined;
  return {
    description: throwAway
      ? `PGlite, throw-away (memory://), at ${directory}`
      : `PGlite at ${dataDir}`,
    query,
    // PGlite has one connection; its transaction() keeps every other caller's statements
    // out until this one commits or rolls back.
    transaction: (work) =>
      db.transaction((tx) =>
        work(
          async <Row>(sql: string, params: readonly unknown[] = []) =>
            (await tx.query<Row>(sql, [...params])).rows,
        ),
      ),
    close: () => (closing ??= db.close().finally(removeThrowAway)),
  };
}
