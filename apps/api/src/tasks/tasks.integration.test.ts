// The tasks routes through the real app and store: each user sees and changes only their
// own tasks, administrators see everyone's, and bad input gets a 4xx problem, never a 5xx.
import { AppRoles, Scopes } from '@pixy/auth-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAuthority } from '../../test-support/fake-authority.js';
import {
  startTestApi,
  startTestStack,
  type TestApi,
  type TestStack,
} from '../../test-support/test-api.js';
import { testUsers, type TestUser } from '@pixy/test-support';
import type { TokenBuilder } from '../../test-support/token-builder.js';
import type { Task, TasksStore } from './tasks-store.js';

let stack: TestStack;
let authority: FakeAuthority;
let store: TasksStore;
let api: TestApi;
let tokens: TokenBuilder;

beforeAll(async () => {
  stack = await startTestStack();
  ({ authority, store, api, tokens } = stack);
});

afterAll(() => stack?.close());

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

function as(user: TestUser, claims: Record<string, unknown> = {}) {
  const token = tokens.accessToken({ user, claims });
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const response = await api.call(path, {
      method,
      token,
      ...(body === undefined
        ? {}
        : {
            headers: { 'content-type': contentType },
            body: typeof body === 'string' ? body : JSON.stringify(body),
          }),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (text === '' ? undefined : JSON.parse(text)) as unknown,
    };
  };
  return {
    list: () => send('GET', '/api/tasks'),
    create: (body: unknown, contentType?: string) => send('POST', '/api/tasks', body, contentType),
    get: (id: string) => send('GET', `/api/tasks/${id}`),
    update: (id: string, body: unknown) => send('PATCH', `/api/tasks/${id}`, body),
    remove: (id: string) => send('DELETE', `/api/tasks/${id}`),
    adminList: () => send('GET', '/api/admin/tasks'),
  };
}

const alice = () => as(testUsers.alice);
const bob = () => as(testUsers.bob);

async function createTask(title: string): Promise<Task> {
  const created = await alice().create({ title });
  expect(created.status).toBe(201);
  return created.body as Task;
}

describe('your own tasks', () => {
  it('can be created, listed, read, updated and deleted', async () => {
    const task = await createTask('  Buy milk  ');
    expect(task).toMatchObject({ title: 'Buy milk', done: false });
    expect((await alice().list()).body).toContainEqual(task);
    expect((await alice().get(task.id)).body).toEqual(task);

    const updated = await alice().update(task.id, { done: true, title: 'Buy oat milk' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: task.id, title: 'Buy oat milk', done: true });

    expect((await alice().remove(task.id)).status).toBe(204);
    expect((await alice().get(task.id)).status).toBe(404);
    expect((await alice().remove(task.id)).status).toBe(404);
  });

  it('can be read with Tasks.Read alone, but not changed', async () => {
    const task = await createTask('Read only');
    const riley = as(testUsers.alice, { scp: Scopes.TasksRead });
    expect((await riley.get(task.id)).status).toBe(200);
    expect((await riley.update(task.id, { done: true })).status).toBe(403);
    expect((await riley.remove(task.id)).status).toBe(403);
  });
});

describe('another user', () => {
  it('cannot see, change or delete your tasks: they answer 404', async () => {
    const task = await createTask('Alice only');
    expect((await bob().list()).body).not.toContainEqual(expect.objectContaining({ id: task.id }));
    for (const attempt of [
      await bob().get(task.id),
      await bob().update(task.id, { done: true }),
      await bob().remove(task.id),
    ]) {
      expect(attempt.status).toBe(404);
      expect(attempt.type).toMatch(/^application\/problem\+json/);
    }
    expect((await alice().get(task.id)).body).toMatchObject({ title: 'Alice only', done: false });
  });

  it('in another tenant with the same oid is not you (tasks belong to tid + oid)', async () => {
    const task = await createTask('Tenant scoped');
    // The same oid, but a token this single-tenant API never accepts for another tenant
    // (multi-tenant.integration.test.ts shows two tenants' tasks apart when both are allowed):
    const otherTenant = as(testUsers.alice, { tid: '0f0f0f0f-1111-4222-8333-444444444444' });
    expect((await otherTenant.get(task.id)).status).toBe(401);
  });

  it('cannot plant a task in your name through the body', async () => {
    const attempt = await bob().create({
      title: 'Sneaky',
      owner: { objectId: testUsers.alice.oid },
    });
    expect(attempt.status).toBe(400);
    expect((attempt.body as Problem).errors).toContainEqual({
      field: 'owner',
      message: expect.stringMatching(/not a field/) as string,
    });
  });
});

describe('administrators', () => {
  it("see every user's tasks with their owners", async () => {
    const task = await createTask('Seen by admins');
    const ada = as(testUsers.ada, { roles: [AppRoles.TasksAdmin] });
    const all = await ada.adminList();
    expect(all.status).toBe(200);
    expect(all.body).toContainEqual({
      ...task,
      owner: { tenantId: authority.tenantId, objectId: testUsers.alice.oid },
    });
    expect((await alice().adminList()).status).toBe(403);
  });
});

describe('bad input', () => {
  const badBodies: Array<[string, unknown, string?]> = [
    ['a missing title', {}],
    ['an empty title', { title: '' }],
    ['a title of spaces', { title: '   ' }],
    ['a title of 201 characters', { title: 'x'.repeat(201) }],
    ['a title that is not a string', { title: 42 }],
    ['a title with a NUL character', { title: 'a\u0000b' }],
    ['a title with a line break', { title: 'a\nb' }],
    ['a field a new task does not take', { title: 'ok', done: true }],
    ['an array', [{ title: 'ok' }]],
    ['a JSON string', '"just a string"'],
    ['null', 'null'],
    ['invalid JSON', '{"title": '],
    ['text/plain', 'Buy milk', 'text/plain'],
  ];

  for (const [name, body, contentType] of badBodies) {
    it(`answers 400 to a new task with ${name}`, async () => {
      const response = await alice().create(body, contentType);
      expect(response.status).toBe(400);
      expect(response.type).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack
    });
  }

  it('accepts a title of exactly 200 characters, counting emoji as one', async () => {
    const title = '🙂'.repeat(200);
    expect((await alice().create({ title })).status).toBe(201);
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await alice().create({ title: 'x'.repeat(20_000) });
    expect(response.status).toBe(413);
    expect(response.type).toMatch(/^application\/problem\+json/);
  });

  it('answers 400 to changes that are empty, unknown or of the wrong type', async () => {
    const task = await createTask('Patch me');
    for (const body of [{}, { done: 'yes' }, { title: '' }, { id: 'x' }, { createdAt: 'now' }]) {
      const response = await alice().update(task.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('answers 400 to an id that is not a UUID, and 404 to one that does not exist', async () => {
    expect((await alice().get('not-a-uuid')).status).toBe(400);
    expect((await alice().get("1' or '1'='1")).status).toBe(400);
    expect((await alice().get('00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });
});

describe('shutting down', () => {
  it('finishes a request in flight before close() resolves', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const arrived = new Promise<void>((resolve) => (started = resolve));
    // The real store, except that listing waits until the test releases it.
    const slowStore: TasksStore = {
      ...store,
      list: async (owner) => {
        started();
        await held;
        return store.list(owner);
      },
      close: () => Promise.resolve(),
    };
    const stopping = await startTestApi(authority, slowStore);
    const token = tokens.accessToken();
    const inFlight = stopping.call('/api/tasks', { token });
    await arrived;
    let closed = false;
    const closing = stopping.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    expect((await inFlight).status).toBe(200);
    await closing;
    await expect(stopping.call('/health')).rejects.toThrow();
  });
});
