// The one port every SQL statement goes through: `query(sql, params)`, implemented over
// embedded PGlite and over PostgreSQL (`pg`). Code above this line never knows which
// database it talks to, so there is a single SQL code path for both.
import { isAbsolute } from 'node:path';

/** Runs one parameterised statement and returns its rows. */
export type SqlQuery = <Row = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<Row[]>;

export interface SqlDatabase {
  /** What this is, for messages: "PGlite at /path", "PostgreSQL at host:5432/db" (never a password). */
  readonly description: string;
  query: SqlQuery;
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves,
   * rolled back when it throws.
   */
  transaction<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseLocation =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' }
  | { kind: 'postgres'; url: string };

/**
 * Reads an already resolved DATABASE_URL: `postgres://` or `postgresql://` for
 * PostgreSQL, `memory://` for a throw-away PGlite database, otherwise an absolute PGlite
 * directory. Relative paths are refused here because "relative to what" is the
 * configuration's business (it resolves them from the repository root).
 */
export function parseDatabaseLocation(databaseUrl: string): DatabaseLocation {
  const value = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  if (value === 'memory://') return { kind: 'pglite-memory' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new Error(
      `Unsupported database URL scheme in "${value.split('://')[0]}://…": use postgres:// (or ` +
        'postgresql://) for PostgreSQL, memory:// for an in-memory PGlite database, or a directory path for PGlite.',
    );
  }
  if (!isAbsolute(value)) {
    throw new Error(
      `The PGlite directory "${value}" is not absolute: resolve it first (from the repository root, ` +
        'as @pixy/config resolveFromRoot does) before opening the database.',
    );
  }
  return { kind: 'pglite', dataDir: value };
}

/** Opens the database a resolved DATABASE_URL names; the driver modules load only when used. */
export async function openSqlDatabase(databaseUrl: string): Promise<SqlDatabase> {
  const location = parseDatabaseLocation(databaseUrl);
  if (location.kind === 'postgres') {
    const { openPostgresDatabase } = await import('./postgres-database.js');
    return openPostgresDatabase(location.url);
  }
  const { openPgliteDatabase } = await import('./pglite-database.js');
  return openPgliteDatabase(location.kind === 'pglite' ? location.dataDir : 'memory://');
}
