// Every user's tasks, read-only: for a signed-in user who holds the Tasks.Admin app role,
// or for an application (a daemon, no user) granted the Tasks.Read.All application permission.
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppPermissions, AppRoles } from '@pixy/auth-contract';
import { RequireAppPermissions, RequireRoles } from '../auth/authorization.decorators.js';
import { OwnedTaskSchema } from './task.schemas.js';
import type { OwnedTask } from '@pixy/api-contract';
import type { TasksStore } from './tasks-store.js';
import { TASKS_STORE } from './tasks-store.provider.js';

@ApiTags('admin')
@Controller('api/admin/tasks')
export class AdminTasksController {
  constructor(@Inject(TASKS_STORE) private readonly store: TasksStore) {}

  @Get()
  @RequireRoles(AppRoles.TasksAdmin)
  @RequireAppPermissions(AppPermissions.TasksReadAll)
  @ApiOkResponse({ type: [OwnedTaskSchema], description: 'Every user’s tasks, oldest first.' })
  listAll(): Promise<OwnedTask[]> {
    return this.store.listAll();
  }
}
