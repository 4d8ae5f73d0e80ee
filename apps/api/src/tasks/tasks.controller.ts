// The signed-in user's tasks. The owner is always the token's (tid, oid); nothing the
// client sends can name another owner, and another user's task answers 404.
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Scopes } from '@pixy/auth-contract';
import {
  CurrentPrincipal,
  RequireScopes,
  RequireStepUp,
} from '../auth/authorization.decorators.js';
import type { Principal } from '../auth/principal.js';
import { problems } from '../errors/problem.js';
import { parseCreateTask, parseTaskId, parseUpdateTask } from './task-input.js';
import { CreateTaskSchema, TaskSchema, UpdateTaskSchema } from './task.schemas.js';
import type { Task, TaskOwner, TasksStore } from './tasks-store.js';
import { TASKS_STORE } from './tasks-store.provider.js';

const notFound = () => problems.notFound('You have no task with this id.');

function ownerOf(principal: Principal): TaskOwner {
  return { tenantId: principal.tid, objectId: principal.oid };
}

@ApiTags('tasks')
@Controller('api/tasks')
export class TasksController {
  constructor(@Inject(TASKS_STORE) private readonly store: TasksStore) {}

  @Get()
  @RequireScopes(Scopes.TasksRead, Scopes.TasksReadWrite)
  @ApiOkResponse({ type: [TaskSchema], description: 'Your tasks, oldest first.' })
  list(@CurrentPrincipal() principal: Principal): Promise<Task[]> {
    return this.store.list(ownerOf(principal));
  }

  /**
   * Deletes every task of the caller: a sensitive action, so it also needs the step-up
   * authentication context (AUTH_STEP_UP_CONTEXT); without it, a claims challenge.
   */
  @Delete()
  @HttpCode(204)
  @RequireScopes(Scopes.TasksReadWrite)
  @RequireStepUp()
  @ApiNoContentResponse({
    description:
      'All your tasks deleted. Needs the step-up authentication context: without it, 401 ' +
      'with a claims challenge (clients with the CP1 capability) or 403.',
  })
  async deleteAll(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.store.deleteAll(ownerOf(principal));
  }

  @Post()
  @RequireScopes(Scopes.TasksReadWrite)
  @ApiBody({ type: CreateTaskSchema })
  @ApiCreatedResponse({ type: TaskSchema })
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Task> {
    return this.store.create(ownerOf(principal), parseCreateTask(body));
  }

  @Get(':id')
  @RequireScopes(Scopes.TasksRead, Scopes.TasksReadWrite)
  @ApiOkResponse({ type: TaskSchema })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Task> {
    const task = await this.store.get(ownerOf(principal), parseTaskId(id));
    if (!task) throw notFound();
    return task;
  }

  @Patch(':id')
  @RequireScopes(Scopes.TasksReadWrite)
  @ApiBody({ type: UpdateTaskSchema })
  @ApiOkResponse({ type: TaskSchema })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<Task> {
    const taskId = parseTaskId(id);
    const task = await this.store.update(ownerOf(principal), taskId, parseUpdateTask(body));
    if (!task) throw notFound();
    return task;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes(Scopes.TasksReadWrite)
  @ApiNoContentResponse({ description: 'Deleted.' })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    if (!(await this.store.delete(ownerOf(principal), parseTaskId(id)))) throw notFound();
  }
}
