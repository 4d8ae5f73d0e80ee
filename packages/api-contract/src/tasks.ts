/**
 * The tasks routes' bodies: `GET/POST /api/tasks`, `GET/PATCH/DELETE /api/tasks/:id`
 * (the caller's own tasks) and `GET /api/admin/tasks` (everyone's, with their owner).
 */

/** A task, as every tasks route answers it. */
export interface Task {
  /** A UUID. */
  readonly id: string;
  /** Trimmed, 1 to {@link maxTaskTitleLength} characters, no control characters. */
  readonly title: string;
  readonly done: boolean;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** ISO 8601, UTC. */
  readonly updatedAt: string;
}

/** Who a task belongs to: the access token's `tid` and `oid`, never anything a client sends. */
export interface TaskOwner {
  readonly tenantId: string;
  readonly objectId: string;
}

/** A task with its owner: `GET /api/admin/tasks` answers a list of these. */
export interface OwnedTask extends Task {
  readonly owner: TaskOwner;
}

/** `POST /api/tasks`: the only field a client may send (anything else is a 400). */
export interface CreateTask {
  readonly title: string;
}

/** `PATCH /api/tasks/:id`: at least one of the fields (anything else is a 400). */
export interface UpdateTask {
  readonly title?: string;
  readonly done?: boolean;
}

/** The longest title the API accepts, in characters (code points), after trimming. */
export const maxTaskTitleLength = 200;
