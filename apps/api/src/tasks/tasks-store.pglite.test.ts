// The tasks store on embedded PGlite, opened straight from a data directory.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../storage/migrate.js';
import { openSqlDatabase } from '../storage/sql-database.js';
import {
  createTestPgliteDirectory,
  type TestPgliteDirectory,
} from '../../test-support/pglite-test-directory.js';
import { describeTasksStore } from '../../test-support/tasks-store-behaviour.js';
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

  it('creates a database in a new directory, and refuses a directory of other files', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'pixy-pglite-new-'));
    try {
      const fresh = await openTasksStore(join(parent, 'db'));
      await fresh.create(owner, { title: 'kept' });
      await fresh.close();
      const again = await openTasksStore(join(parent, 'db'));
      expect((await again.list(owner)).map((task) => task.title)).toEqual(['kept']);
      await again.close();

      await mkdir(join(parent, 'photos'));
      await writeFile(join(parent, 'photos', 'cat.jpg'), 'meow');
      await expect(openTasksStore(join(parent, 'photos'))).rejects.toThrow(
        /holds other files, not a database/,
      );
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('removes the throw-away folder of memory:// when closed', async () => {
    const database = await openSqlDatabase('memory://');
    const folder = /, at (\S+)$/.exec(database.description)?.[1];
    expect(folder).toMatch(/pixy-pglite-memory-/);
    expect(existsSync(join(folder!, 'PG_VERSION'))).toBe(true);
    await database.close();
    expect(existsSync(folder!)).toBe(false);
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

const owner = { tenantId: 'tenant', objectId: 'user' };
