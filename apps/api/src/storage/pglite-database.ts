// The SQL port over embedded PGlite (PostgreSQL compiled to WebAssembly, in this process):
// the default database, so the API runs with nothing installed.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDatabase, SqlQuery } from './sql-database.js';

/** `dataDir` is an absolute directory (created if missing) or `memory://`. */
export async function openPgliteDatabase(dataDir: string): Promise<SqlDatabase> {
  const inMemory = dataDir === 'memory://';
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (error) {
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
    description: inMemory ? 'PGlite in memory' : `PGlite at ${dataDir}`,
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
    close: () => (closing ??= db.close()),
  };
}
