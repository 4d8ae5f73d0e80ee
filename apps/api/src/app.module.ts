// The application's modules, put together for one configuration and one tasks store.
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import type { AuthOptions } from './auth/auth-options.js';
import { ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { HealthController } from './health/health.controller.js';
import { MeController } from './me/me.controller.js';
import { AdminTasksController } from './tasks/admin-tasks.controller.js';
import type { TasksStore } from './tasks/tasks-store.js';
import { TASKS_STORE } from './tasks/tasks-store.provider.js';
import { TasksController } from './tasks/tasks.controller.js';

@Module({})
export class AppModule {
  static register(auth: AuthOptions, tasksStore: TasksStore): DynamicModule {
    return {
      module: AppModule,
      imports: [AuthModule.forRoot(auth)],
      controllers: [HealthController, MeController, TasksController, AdminTasksController],
      providers: [
        { provide: TASKS_STORE, useValue: tasksStore },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
