// The tasks feature: the signed-in user's tasks and the administrators' listing, on the
// store StorageModule provides.
import { Module } from '@nestjs/common';
import { AdminTasksController } from './admin-tasks.controller.js';
import { TasksController } from './tasks.controller.js';

@Module({ controllers: [TasksController, AdminTasksController] })
export class TasksModule {}
