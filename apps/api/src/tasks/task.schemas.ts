// OpenAPI descriptions of the task payloads. Validation itself is task-input.ts: these
// classes only document the shapes in /docs.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { maxTitleLength } from './task-input.js';

export class TaskSchema {
  @ApiProperty({ format: 'uuid', example: '0190a6e4-7b1c-7d2e-8f3a-4b5c6d7e8f90' })
  id!: string;
  @ApiProperty({ minLength: 1, maxLength: maxTitleLength, example: 'Buy milk' })
  title!: string;
  @ApiProperty()
  done!: boolean;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class TaskOwnerSchema {
  @ApiProperty({ format: 'uuid', description: 'The owner’s tenant (tid).' })
  tenantId!: string;
  @ApiProperty({ format: 'uuid', description: 'The owner’s object ID (oid).' })
  objectId!: string;
}

export class OwnedTaskSchema extends TaskSchema {
  @ApiProperty({ type: TaskOwnerSchema })
  owner!: TaskOwnerSchema;
}

export class CreateTaskSchema {
  @ApiProperty({
    minLength: 1,
    maxLength: maxTitleLength,
    description: 'Trimmed; 1–200 characters, no control characters.',
    example: 'Buy milk',
  })
  title!: string;
}

export class UpdateTaskSchema {
  @ApiPropertyOptional({ minLength: 1, maxLength: maxTitleLength, example: 'Buy oat milk' })
  title?: string;
  @ApiPropertyOptional({ example: true })
  done?: boolean;
}
