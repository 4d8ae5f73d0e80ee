// The tasks store on a real PostgreSQL (`pnpm --filter @pixy/api test:postgres`). Each run
// works in its own throw-away schemas, so the database named by TEST_DATABASE_URL keeps
// whatever else it holds.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../storage/migrate.js';
import { migrations } from '../storage/migrations.js';
import { openSqlDatabase } from '../storage/sql-database.js';
import { describeTasksStore } from '../../test-support/tasks-store-behaviour.js';
import { openTasksStore } from './tasks-store.js';

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  throw new Error(
    'TEST_DATABASE_URL is not set. Point it at a PostgreSQL database this test may create ' +
      'schemas in, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ' +
      'pnpm --filter @pixy/api test:postgres (.ci/run starts one for you).',
  );
}

const admin = new pg.Client({ connectionString: serverUrl });
const schemas: string[] = [];

/** A new empty schema, and a URL whose connections use it (search_path). */
async function freshSchemaUrl(): Promise<string> {
  const schema = `pixy_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`create schema ${schema}`); // generated name: safe to interpolate
  schemas.push(schema);
  const url = new URL(serverUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

let suiteUrl: string;
beforeAll(async () => {
  await admin.connect();
  suiteUrl = await freshSchemaUrl();
});
afterAll(async () => {
  for (const schema of schemas) await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
});

describeTasksStore('PostgreSQL', () => suiteUrl);

describe('migrations on PostgreSQL', () => {
  it('applies each migration once when several API processes start at the same time', async () => {
    const url = await freshSchemaUrl();

    const stores = await Promise.all(Array.from({ length: 4 }, () => openTasksStore(url)));
    try {
      const owner = { tenantId: 't', objectId: 'o' };
      await Promise.all(stores.map((store, i) => store.create(owner, { title: `from ${i}` })));
      expect(await stores[0]!.list(owner)).toHaveLength(4);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    const { rows } = await admin.query<{ version: number }>(
      `select version from ${schemas.at(-1)}.schema_migrations order by version`,
    );
    expect(rows.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
  });

  it('refuses a database migrated by a newer version of the API', async () => {
    const url = await freshSchemaUrl();
    const database = await openSqlDatabase(url);
    await migrate(database);
    await database.query(`insert into schema_migrations (version, name) values (9999, 'future')`);
    await database.close();

    await expect(openTasksStore(url)).rejects.toThrow(/migrated by a newer version/);
  });

  it('says which server it could not reach, without the password', async () => {
    const url = new URL(serverUrl);
    url.password = 'sekret-password';
    url.port = '1'; // nothing listens there
    const failure = openTasksStore(url.toString());

    await expect(failure).rejects.toThrow(/Could not connect to PostgreSQL at .*:1\//);
    await expect(failure).rejects.not.toThrow(/sekret-password/);
  });
});
