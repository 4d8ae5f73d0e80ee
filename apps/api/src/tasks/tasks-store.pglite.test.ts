// The tasks store on embedded PGlite, opened straight from a data directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../storage/migrate.js';
import { openSqlDatabase } from '../storage/sql-database.js';
import {
  createTestPgliteDirectory,
  type TestPgliteDirectory,
} from '../storage/pglite-test-directory.js';
import { describeTasksStore } from './tasks-store.behaviour.js';
import { openTasksStore } from './tasks-store.js';

let directory: TestPgliteDirectory;
beforeAll(async () => {
  directory = await createTestPgliteDirectory();
});
afterAll(async () => {
  await directory?.remove();
});

describeTasksStore('PGlite (directory)', () => directory.path);

describe('opening a PGlite tasks store', () => {
  it('refuses a relative directory, saying to resolve it first', async () => {
    await expect(openTasksStore('.data/pglite')).rejects.toThrow(/not absolute: resolve it first/);
  });

  it('refuses a URL scheme it does not know', async () => {
    await expect(openTasksStore('mysql://localhost/tasks')).rejects.toThrow(
      /Unsupported database URL scheme/,
    );
  });

  it('refuses a database migrated by a newer version of the API', async () => {
    const newer = await createTestPgliteDirectory();
    try {
      const database = await openSqlDatabase(newer.path);
      await migrate(database);
      await database.query(`insert into schema_migrations (version, name) values (9999, 'future')`);
      await database.close();

      await expect(openTasksStore(newer.path)).rejects.toThrow(
        /schema migration\(s\) 9999 .* migrated by a newer version/,
      );
    } finally {
      await newer.remove();
    }
  });
});
