// Every user's tasks, for holders of the Tasks.Admin app role (read-only).
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppRoles } from '@pixy/auth-contract';
import { RequireRoles } from '../auth/authorization.decorators.js';
import { OwnedTaskSchema } from './task.schemas.js';
import type { Task, TaskOwner, TasksStore } from './tasks-store.js';
import { TASKS_STORE } from './tasks-store.provider.js';

@ApiTags('admin')
@Controller('api/admin/tasks')
export class AdminTasksController {
  constructor(@Inject(TASKS_STORE) private readonly store: TasksStore) {}

  @Get()
  @RequireRoles(AppRoles.TasksAdmin)
  @ApiOkResponse({ type: [OwnedTaskSchema], description: 'Every user’s tasks, oldest first.' })
  listAll(): Promise<Array<Task & { owner: TaskOwner }>> {
    return this.store.listAll();
  }
}
