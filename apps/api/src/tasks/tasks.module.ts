// The tasks feature: the signed-in user's tasks, the administrators' listing, and the store
// they share. The store is opened from DATABASE_URL while the app starts (a bad URL fails
// the start) and closed with the app, unless the caller hands in its own (tests).
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { API_CONFIG } from '../config/api-config.module.js';
import type { ApiConfig } from '../config/api-config.js';
import { AdminTasksController } from './admin-tasks.controller.js';
import { openTasksStore, type TasksStore } from './tasks-store.js';
import { TASKS_STORE } from './tasks-store.provider.js';
import { TasksController } from './tasks.controller.js';

export interface TasksModuleOptions {
  /** An open store to use instead of opening DATABASE_URL; the caller closes it. */
  readonly tasksStore?: TasksStore;
}

const OWNS_STORE = Symbol('OwnsTasksStore');

@Module({})
export class TasksModule implements OnApplicationShutdown {
  constructor(
    @Inject(TASKS_STORE) private readonly store: TasksStore,
    @Inject(OWNS_STORE) private readonly ownsStore: boolean,
  ) {}

  static forRoot(options: TasksModuleOptions = {}): DynamicModule {
    const { tasksStore } = options;
    return {
      module: TasksModule,
      controllers: [TasksController, AdminTasksController],
      providers: [
        tasksStore
          ? { provide: TASKS_STORE, useValue: tasksStore }
          : {
              provide: TASKS_STORE,
              useFactory: (config: ApiConfig) => openTasksStore(config.databaseUrl),
              inject: [API_CONFIG],
            },
        { provide: OWNS_STORE, useValue: tasksStore === undefined },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }
}
