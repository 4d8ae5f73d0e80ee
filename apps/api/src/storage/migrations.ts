// The database schema, as numbered migrations applied in order at start-up. Append only:
// a migration that has run somewhere is never edited; change the schema with a new one.
export interface Migration {
  version: number;
  name: string;
  /** Run in order, in one transaction with the other pending migrations. */
  statements: readonly string[];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'create tasks',
    statements: [
      // id: a UUIDv7 made by the API (time-ordered, so new rows land at the end of the
      // index). tenant_id/object_id: the token's tid/oid, the only owner a task has.
      `create table tasks (
        id uuid primary key,
        tenant_id text not null,
        object_id text not null,
        title text not null,
        done boolean not null default false,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      // Every per-user query filters on the owner and orders by (created_at, id).
      `create index tasks_by_owner on tasks (tenant_id, object_id, created_at, id)`,
    ],
  },
];
