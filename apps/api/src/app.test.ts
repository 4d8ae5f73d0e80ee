// The app's own lifecycle: the tasks store it opens from DATABASE_URL is closed with it;
// a store handed in by the caller is left open for the caller.
import { describe, expect, it, vi } from 'vitest';
import { createApp } from './app.js';
import { readApiConfig } from './config/api-config.js';
import { openTasksStore, type TasksStore } from './tasks/tasks-store.js';
import { TASKS_STORE } from './tasks/tasks-store.provider.js';

const config = readApiConfig({ DATABASE_URL: 'memory://' });

describe('createApp', () => {
  it('opens the store from DATABASE_URL and closes it when the app closes', async () => {
    const { app } = await createApp(config, { logs: false });
    const store = app.get<TasksStore>(TASKS_STORE);
    const close = vi.spyOn(store, 'close');
    expect(await store.list({ tenantId: 't', objectId: 'o' })).toEqual([]);
    await app.close();
    expect(close).toHaveBeenCalledOnce();
  });

  it('leaves a store it was given open, for its owner to close', async () => {
    const store = await openTasksStore('memory://');
    try {
      const close = vi.spyOn(store, 'close');
      const { app } = await createApp(config, { logs: false, tasksStore: store });
      expect(app.get(TASKS_STORE)).toBe(store);
      await app.close();
      expect(close).not.toHaveBeenCalled();
    } finally {
      await store.close();
    }
  });
});
