// Validation of what clients send about tasks. Bodies are checked field by field against
// an allow-list: unknown fields are rejected, never merged, so a client cannot slip an
// owner, an id or a timestamp into a task. Titles are trimmed and 1–200 characters.
import {
  maxTaskTitleLength,
  type CreateTask,
  type FieldError,
  type UpdateTask,
} from '@pixy/api-contract';
import { isUuid } from '../storage/time-ordered-id.js';
import { problems } from '../errors/problem.js';

export function parseCreateTask(body: unknown): CreateTask {
  const record = requireObject(body, '{"title": "Buy milk"}');
  const errors = unknownFields(record, ['title']);
  const title = readTitle(record, errors, true);
  if (errors.length > 0) throw problems.badRequest('The task is not valid.', errors);
  return { title: title! };
}

export function parseUpdateTask(body: unknown): UpdateTask {
  const record = requireObject(body, '{"done": true} or {"title": "Buy oat milk"}');
  const errors = unknownFields(record, ['title', 'done']);
  const title = readTitle(record, errors, false);
  const { done } = record;
  if (done !== undefined && typeof done !== 'boolean') {
    errors.push({ field: 'done', message: 'must be true or false' });
  }
  if (errors.length === 0 && title === undefined && done === undefined) {
    errors.push({ field: '', message: 'send at least one of "title" and "done"' });
  }
  if (errors.length > 0) throw problems.badRequest('The change is not valid.', errors);
  return {
    ...(title !== undefined ? { title } : {}),
    ...(typeof done === 'boolean' ? { done } : {}),
  };
}

/** Task ids are UUIDs; anything else cannot name a task and is refused before the database. */
export function parseTaskId(id: string): string {
  if (!isUuid(id)) {
    throw problems.badRequest('The task id is not valid.', [
      { field: 'id', message: 'must be a UUID such as 0190a6e4-7b1c-7d2e-8f3a-4b5c6d7e8f90' },
    ]);
  }
  return id.toLowerCase();
}

function requireObject(body: unknown, example: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw problems.badRequest(
      `Send a JSON object with Content-Type: application/json, such as ${example}.`,
    );
  }
  return body as Record<string, unknown>;
}

function unknownFields(record: Record<string, unknown>, allowed: readonly string[]): FieldError[] {
  return Object.keys(record)
    .filter((field) => !allowed.includes(field))
    .map((field) => ({
      field: field.slice(0, 50),
      message: `is not a field of a task (allowed: ${allowed.join(', ')})`,
    }));
}

function readTitle(
  record: Record<string, unknown>,
  errors: FieldError[],
  required: boolean,
): string | undefined {
  const { title } = record;
  if (title === undefined) {
    if (required) errors.push({ field: 'title', message: 'is required' });
    return undefined;
  }
  if (typeof title !== 'string') {
    errors.push({ field: 'title', message: 'must be a string' });
    return undefined;
  }
  const trimmed = title.trim();
  // Count characters as people see them (code points), not UTF-16 units.
  const length = [...trimmed].length;
  if (length === 0) errors.push({ field: 'title', message: 'must not be empty or only spaces' });
  // eslint-disable-next-line no-control-regex -- control characters are what we look for
  else if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    // NUL cannot be stored in PostgreSQL text; line breaks and the like do not belong in a title.
    errors.push({
      field: 'title',
      message: 'must not contain control characters such as line breaks',
    });
  } else if (length > maxTaskTitleLength) {
    errors.push({
      field: 'title',
      message: `must be at most ${maxTaskTitleLength} characters (got ${length})`,
    });
  }
  return trimmed;
}
