// The tasks store through the `pg` driver — the code path used with a real PostgreSQL —
// talking to PGlite's PostgreSQL wire-protocol server, so no database server is needed.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll } from 'vitest';
import {
  createTestPgliteDirectory,
  type TestPgliteDirectory,
} from '../../test-support/pglite-test-directory.js';
import { describeTasksStore } from '../../test-support/tasks-store-behaviour.js';

let directory: TestPgliteDirectory;
let db: PGlite;
let server: PGLiteSocketServer;
beforeAll(async () => {
  directory = await createTestPgliteDirectory();
  db = await PGlite.create(directory.path);
  // pg's pool opens up to 10 connections; the server multiplexes them onto PGlite.
  server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 20 });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
  await directory?.remove();
});

describeTasksStore('pg through PGlite’s wire protocol', () => {
  return `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
});
