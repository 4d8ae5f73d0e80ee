// The SQL port over a PostgreSQL server through `pg`, with a connection pool.
import pg from 'pg';
import type { SqlDatabase, SqlQuery } from './sql-database.js';

/** `url` is a postgres:// or postgresql:// connection string (sslmode etc. as query parameters). */
export async function openPostgresDatabase(url: string): Promise<SqlDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'pixy-api',
    // Fail with a message instead of waiting for the OS TCP timeout when the host is unreachable.
    connectionTimeoutMillis: 10_000,
  });
  const description = `PostgreSQL at ${describeServer(url)}`;
  // A pooled connection that dies while idle (server restart, network) is reported here;
  // without a listener it would crash the process. The pool replaces it on next use.
  pool.on('error', (error) => {
    console.error(`${description}: idle connection lost: ${error.message}`);
  });

  const query: SqlQuery = async <Row>(sql: string, params: readonly unknown[] = []) =>
    (await pool.query(sql, [...params])).rows as Row[];

  try {
    await query('select 1');
  } catch (error) {
    await pool.end();
    throw new Error(
      `Could not connect to ${description}: ${(error as Error).message}. Check DATABASE_URL ` +
        'and that the server is running.',
      { cause: error },
    );
  }

  let closing: Promise<void> | undefined;
  return {
    description,
    query,
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await work(
          async <Row>(sql: string, params: readonly unknown[] = []) =>
            (await client.query(sql, [...params])).rows as Row[],
        );
        await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch (rollbackError) {
          // The connection is unusable: release(error) destroys it instead of pooling it.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => (closing ??= pool.end()),
  };
}

/** host:port/database from a connection string, without user or password. */
function describeServer(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname || 'localhost'}:${port || '5432'}${pathname || '/'}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
