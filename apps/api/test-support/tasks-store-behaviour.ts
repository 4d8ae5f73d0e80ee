// The behaviour every tasks store must have, whichever database is behind it. Each
// *.test.ts / *.postgres-test.ts file runs this suite against one database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../src/storage/migrations.js';
import { openSqlDatabase } from '../src/storage/sql-database.js';
import { openTasksStore, type TaskOwner, type TasksStore } from '../src/tasks/tasks-store.js';

const alice: TaskOwner = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  objectId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
};
const bob: TaskOwner = {
  tenantId: alice.tenantId,
  objectId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
};
// Same object id as Alice, another tenant: a different person as far as tasks go.
const aliceElsewhere: TaskOwner = {
  tenantId: '22222222-2222-4222-8222-222222222222',
  objectId: alice.objectId,
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const missingId = '00000000-0000-4000-8000-000000000000';

/**
 * Registers the suite. `databaseUrl` is read in beforeAll, so the caller can create the
 * database in its own beforeAll (which runs first).
 */
export function describeTasksStore(name: string, databaseUrl: () => string): void {
  describe(`tasks store on ${name}`, () => {
    let store: TasksStore;

    beforeAll(async () => {
      store = await openTasksStore(databaseUrl());
    });

    afterAll(async () => {
      await store?.close();
    });

    // One database per file (opening one is the slow part); each test starts empty.
    beforeEach(async () => {
      for (const task of await store.listAll()) await store.delete(task.owner, task.id);
    });

    it('deletes every task of one owner, and only theirs', async () => {
      await store.create(alice, { title: 'one' });
      await store.create(alice, { title: 'two' });
      const bobs = await store.create(bob, { title: 'Bob keeps this' });
      expect(await store.deleteAll(alice)).toBe(2);
      expect(await store.list(alice)).toEqual([]);
      expect(await store.list(bob)).toEqual([bobs]);
      expect(await store.deleteAll(alice)).toBe(0);
    });

    it('answers a ping while open, and refuses one once closed', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      const other = await openTasksStore(databaseUrl());
      await other.close();
      await expect(other.ping()).rejects.toThrow();
    });

    it('creates a task that is not done, with a UUID and ISO timestamps', async () => {
      const before = Date.now();
      const task = await store.create(alice, { title: 'Buy milk' });

      expect(task).toMatchObject({ title: 'Buy milk', done: false });
      expect(task.id).toMatch(uuid);
      expect(task.updatedAt).toBe(task.createdAt);
      expect(new Date(task.createdAt).toISOString()).toBe(task.createdAt);
      expect(Date.parse(task.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(await store.get(alice, task.id)).toEqual(task);
    });

    it('lists only the owner’s tasks, in the order they were created', async () => {
      const titles = Array.from({ length: 12 }, (_, i) => `task ${i}`);
      for (const title of titles) await store.create(alice, { title });
      await store.create(bob, { title: 'Bob’s task' });
      await store.create(aliceElsewhere, { title: 'same oid, other tenant' });

      expect((await store.list(alice)).map((task) => task.title)).toEqual(titles);
      expect((await store.list(bob)).map((task) => task.title)).toEqual(['Bob’s task']);
      expect((await store.list(aliceElsewhere)).map((task) => task.title)).toEqual([
        'same oid, other tenant',
      ]);
    });

    it('keeps every task when many are created at once', async () => {
      const created = await Promise.all(
        Array.from({ length: 25 }, (_, i) => store.create(alice, { title: `parallel ${i}` })),
      );

      const listed = await store.list(alice);
      expect(new Set(listed.map((task) => task.id))).toEqual(
        new Set(created.map((task) => task.id)),
      );
    });

    it('does not show, change or delete another user’s task', async () => {
      const task = await store.create(alice, { title: 'mine' });

      for (const intruder of [bob, aliceElsewhere]) {
        expect(await store.get(intruder, task.id)).toBeUndefined();
        expect(
          await store.update(intruder, task.id, { title: 'hacked', done: true }),
        ).toBeUndefined();
        expect(await store.delete(intruder, task.id)).toBe(false);
        expect(await store.list(intruder)).toEqual([]);
      }
      expect(await store.get(alice, task.id)).toEqual(task);
    });

    it('updates the title and the done flag, separately or together', async () => {
      const task = await store.create(alice, { title: 'draft' });

      const renamed = await store.update(alice, task.id, { title: 'final' });
      expect(renamed).toMatchObject({ id: task.id, title: 'final', done: false });
      const finished = await store.update(alice, task.id, { done: true });
      expect(finished).toMatchObject({ title: 'final', done: true, createdAt: task.createdAt });
      expect(Date.parse(finished!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt));
      const both = await store.update(alice, task.id, { title: 'again', done: false });
      expect(both).toMatchObject({ title: 'again', done: false });

      expect(await store.get(alice, task.id)).toEqual(both);
    });

    it('answers an empty patch with the task unchanged', async () => {
      const task = await store.create(alice, { title: 'as is' });

      expect(await store.update(alice, task.id, {})).toEqual(task);
      expect(await store.update(alice, missingId, {})).toBeUndefined();
    });

    it('deletes a task once', async () => {
      const task = await store.create(alice, { title: 'temporary' });
      const kept = await store.create(alice, { title: 'kept' });

      expect(await store.delete(alice, task.id)).toBe(true);
      expect(await store.get(alice, task.id)).toBeUndefined();
      expect(await store.delete(alice, task.id)).toBe(false);
      expect(await store.list(alice)).toEqual([kept]);
    });

    it('answers ids that are not UUIDs as not found, without a database error', async () => {
      await store.create(alice, { title: 'present' });
      const badIds = [
        'not-a-uuid',
        '',
        "' or '1'='1",
        '1; drop table tasks',
        '{00000000-0000-4000-8000-000000000000}',
        '00000000000040008000000000000000',
        'x'.repeat(10_000),
      ];

      for (const id of badIds) {
        await expect(store.get(alice, id)).resolves.toBeUndefined();
        await expect(store.update(alice, id, { done: true })).resolves.toBeUndefined();
        await expect(store.delete(alice, id)).resolves.toBe(false);
      }
      expect(await store.get(alice, missingId)).toBeUndefined();
      expect(await store.list(alice)).toHaveLength(1);
    });

    it('stores titles exactly as given, SQL and all', async () => {
      const titles = ["Robert'); drop table tasks; --", '$1 $2 \\x00 %', 'Ünïcödé ✓ 🚀 日本語'];
      for (const title of titles) await store.create(alice, { title });

      expect((await store.list(alice)).map((task) => task.title)).toEqual(titles);
    });

    it('refuses a title with a NUL character, which PostgreSQL text cannot hold', async () => {
      const task = await store.create(alice, { title: 'clean' });

      await expect(store.create(alice, { title: 'a\u0000b' })).rejects.toThrow(RangeError);
      await expect(store.update(alice, task.id, { title: 'a\u0000b' })).rejects.toThrow(RangeError);
      expect(await store.list(alice)).toEqual([task]);
    });

    it('lists every user’s tasks with their owners for administrators', async () => {
      const first = await store.create(alice, { title: 'a' });
      const second = await store.create(bob, { title: 'b' });
      const third = await store.create(aliceElsewhere, { title: 'c' });

      expect(await store.listAll()).toEqual([
        { ...first, owner: alice },
        { ...second, owner: bob },
        { ...third, owner: aliceElsewhere },
      ]);
    });

    it('keeps tasks across a restart, and migrates only once', async () => {
      const task = await store.create(alice, { title: 'survives' });
      const done = await store.update(alice, task.id, { done: true });

      await store.close();
      store = await openTasksStore(databaseUrl());
      expect(await store.list(alice)).toEqual([done]);

      await store.close();
      const database = await openSqlDatabase(databaseUrl());
      try {
        const recorded = await database.query<{ version: number }>(
          'select version from schema_migrations order by version',
        );
        expect(recorded.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
      } finally {
        await database.close();
        store = await openTasksStore(databaseUrl());
      }
      expect(await store.get(alice, task.id)).toEqual(done);
    });
  });
}
