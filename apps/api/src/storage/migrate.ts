// Applies the pending migrations, once, even when several API processes start together.
import { migrations as allMigrations, type Migration } from './migrations.js';
import type { SqlDatabase } from './sql-database.js';

// Any fixed bigint works; it only has to be the same in every process of this app.
const migrationLockKey = '7020524845373700001';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Brings the schema up to date and returns the versions it applied. Everything happens in
 * one transaction that first takes a transaction-level advisory lock: a second process
 * waits for the first to commit, then finds nothing left to do. PostgreSQL DDL is
 * transactional, so a failed migration leaves the database as it was.
 */
export async function migrate(
  database: SqlDatabase,
  migrations: readonly Migration[] = allMigrations,
): Promise<number[]> {
  return database.transaction(async (query) => {
    await query('select pg_advisory_xact_lock($1)', [migrationLockKey]);
    await query(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const rows = await query<{ version: number }>('select version from schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...applied].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new MigrationError(
        `${database.description} has schema migration(s) ${unknown.join(', ')} that this build of ` +
          'the API does not know: it was migrated by a newer version. Run that version, or use another database.',
      );
    }
    const pending = [...migrations]
      .filter((migration) => !applied.has(migration.version))
      .sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      try {
        for (const statement of migration.statements) await query(statement);
      } catch (error) {
        throw new MigrationError(
          `Migration ${migration.version} (${migration.name}) failed on ${database.description}: ` +
            `${(error as Error).message}`,
          { cause: error },
        );
      }
      await query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    return pending.map((migration) => migration.version);
  });
}
