// OpenAPI descriptions of the task payloads. Validation itself is task-input.ts: these
// classes only document the shapes in /docs.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  maxTaskTitleLength,
  type CreateTask,
  type OwnedTask,
  type Task,
  type TaskOwner,
  type UpdateTask,
} from '@pixy/api-contract';

export class TaskSchema implements Task {
  @ApiProperty({ format: 'uuid', example: '0190a6e4-7b1c-7d2e-8f3a-4b5c6d7e8f90' })
  id!: string;
  @ApiProperty({ minLength: 1, maxLength: maxTaskTitleLength, example: 'Buy milk' })
  title!: string;
  @ApiProperty()
  done!: boolean;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class TaskOwnerSchema implements TaskOwner {
  @ApiProperty({ format: 'uuid', description: 'The owner’s tenant (tid).' })
  tenantId!: string;
  @ApiProperty({ format: 'uuid', description: 'The owner’s object ID (oid).' })
  objectId!: string;
}

export class OwnedTaskSchema extends TaskSchema implements OwnedTask {
  @ApiProperty({ type: TaskOwnerSchema })
  owner!: TaskOwnerSchema;
}

export class CreateTaskSchema implements CreateTask {
  @ApiProperty({
    minLength: 1,
    maxLength: maxTaskTitleLength,
    description: `Trimmed; 1–${maxTaskTitleLength} characters, no control characters.`,
    example: 'Buy milk',
  })
  title!: string;
}

export class UpdateTaskSchema implements UpdateTask {
  @ApiPropertyOptional({ minLength: 1, maxLength: maxTaskTitleLength, example: 'Buy oat milk' })
  title?: string;
  @ApiPropertyOptional({ example: true })
  done?: boolean;
}
