// Per-user tasks in SQL: every statement is parameterised and, except the admin listing,
// scoped to the owner (tenant id + object id from the access token). The same statements
// run on embedded PGlite and on PostgreSQL (see ../storage/sql-database.ts).
import type { OwnedTask, Task, TaskOwner } from '@pixy/api-contract';
import { migrate } from '../storage/migrate.js';
import { openSqlDatabase, type SqlDatabase } from '../storage/sql-database.js';
import { isUuid, newTimeOrderedId } from '../storage/time-ordered-id.js';

export type { OwnedTask, Task, TaskOwner };

export interface TasksStore {
  /** The owner's tasks, oldest first. */
  list(owner: TaskOwner): Promise<Task[]>;
  /** Every owner's tasks, oldest first (for administrators). */
  listAll(): Promise<OwnedTask[]>;
  /** undefined when the id is not a UUID, does not exist, or belongs to someone else. */
  get(owner: TaskOwner, id: string): Promise<Task | undefined>;
  /**
   * Stores the title as given: trimming and length rules belong to the caller, which must
   * also refuse U+0000 (PostgreSQL text cannot hold it; the store throws a RangeError).
   */
  create(owner: TaskOwner, input: { title: string }): Promise<Task>;
  /** undefined when there is no such task of this owner (as get). */
  update(
    owner: TaskOwner,
    id: string,
    patch: { title?: string; done?: boolean },
  ): Promise<Task | undefined>;
  /** false when there is no such task of this owner (as get). */
  delete(owner: TaskOwner, id: string): Promise<boolean>;
  /** Deletes every task of the owner; resolves to how many there were. */
  deleteAll(owner: TaskOwner): Promise<number>;
  /** Resolves when the database answers a trivial query (readiness); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface TaskRow {
  id: string;
  title: string;
  done: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

interface OwnedTaskRow extends TaskRow {
  tenant_id: string;
  object_id: string;
}

const taskColumns = 'id, title, done, created_at, updated_at';

/**
 * Opens the tasks store and brings its schema up to date. `databaseUrl` is already
 * resolved: an absolute PGlite directory, `memory://`, or a postgres:// URL.
 */
export async function openTasksStore(databaseUrl: string): Promise<TasksStore> {
  const database = await openSqlDatabase(databaseUrl);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return new SqlTasksStore(database);
}

class SqlTasksStore implements TasksStore {
  constructor(private readonly database: SqlDatabase) {}

  async list(owner: TaskOwner): Promise<Task[]> {
    const rows = await this.database.query<TaskRow>(
      `select ${taskColumns} from tasks where tenant_id = $1 and object_id = $2
       order by created_at, id`,
      [owner.tenantId, owner.objectId],
    );
    return rows.map(toTask);
  }

  async listAll(): Promise<OwnedTask[]> {
    const rows = await this.database.query<OwnedTaskRow>(
      `select ${taskColumns}, tenant_id, object_id from tasks order by created_at, id`,
    );
    return rows.map((row) => ({
      ...toTask(row),
      owner: { tenantId: row.tenant_id, objectId: row.object_id },
    }));
  }

  async get(owner: TaskOwner, id: string): Promise<Task | undefined> {
    // Checked here so that a malformed id is "not found", not a database error (a 500).
    if (!isUuid(id)) return undefined;
    const [row] = await this.database.query<TaskRow>(
      `select ${taskColumns} from tasks where tenant_id = $1 and object_id = $2 and id = $3`,
      [owner.tenantId, owner.objectId, id],
    );
    return row && toTask(row);
  }

  async create(owner: TaskOwner, input: { title: string }): Promise<Task> {
    assertStorableTitle(input.title);
    const { id, createdAt } = newTimeOrderedId();
    const [row] = await this.database.query<TaskRow>(
      `insert into tasks (id, tenant_id, object_id, title, done, created_at, updated_at)
       values ($1, $2, $3, $4, false, $5, $5)
       returning ${taskColumns}`,
      [id, owner.tenantId, owner.objectId, input.title, createdAt],
    );
    return toTask(row!);
  }

  async update(
    owner: TaskOwner,
    id: string,
    patch: { title?: string; done?: boolean },
  ): Promise<Task | undefined> {
    if (!isUuid(id)) return undefined;
    if (patch.title === undefined && patch.done === undefined) return this.get(owner, id);
    if (patch.title !== undefined) assertStorableTitle(patch.title);
    const [row] = await this.database.query<TaskRow>(
      `update tasks
       set title = coalesce($4, title), done = coalesce($5, done), updated_at = $6
       where tenant_id = $1 and object_id = $2 and id = $3
       returning ${taskColumns}`,
      [owner.tenantId, owner.objectId, id, patch.title ?? null, patch.done ?? null, new Date()],
    );
    return row && toTask(row);
  }

  async delete(owner: TaskOwner, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.database.query(
      'delete from tasks where tenant_id = $1 and object_id = $2 and id = $3 returning id',
      [owner.tenantId, owner.objectId, id],
    );
    return rows.length > 0;
  }

  async deleteAll(owner: TaskOwner): Promise<number> {
    const rows = await this.database.query(
      'delete from tasks where tenant_id = $1 and object_id = $2 returning id',
      [owner.tenantId, owner.objectId],
    );
    return rows.length;
  }

  async ping(): Promise<void> {
    await this.database.query('select 1');
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

function assertStorableTitle(title: string): void {
  if (title.includes('\u0000')) {
    throw new RangeError(
      'A task title cannot contain U+0000 (NUL): PostgreSQL text cannot store it. Reject it when validating input.',
    );
  }
}

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    done: row.done,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
