// The tasks store as a provider (TASKS_STORE), for every module that needs it: opened from
// DATABASE_URL while the app starts (a bad URL fails the start) and closed with the app —
// unless the caller hands in an open store of its own (tests), which it then closes itself.
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { API_CONFIG } from '../config/api-config.module.js';
import type { ApiConfig } from '../config/api-config.js';
import { openTasksStore, type TasksStore } from '../tasks/tasks-store.js';
import { TASKS_STORE } from '../tasks/tasks-store.provider.js';

export interface StorageModuleOptions {
  /** An open store to use instead of opening DATABASE_URL; the caller closes it. */
  readonly tasksStore?: TasksStore;
}

const OWNS_STORE = Symbol('OwnsTasksStore');

@Global()
@Module({})
export class StorageModule implements OnApplicationShutdown {
  constructor(
    @Inject(TASKS_STORE) private readonly store: TasksStore,
    @Inject(OWNS_STORE) private readonly ownsStore: boolean,
  ) {}

  static forRoot(options: StorageModuleOptions = {}): DynamicModule {
    const { tasksStore } = options;
    return {
      module: StorageModule,
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
      exports: [TASKS_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }
}
