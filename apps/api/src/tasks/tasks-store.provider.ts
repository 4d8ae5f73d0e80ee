// How the tasks store reaches the controllers: one instance per app, opened before the
// app is created (so a bad DATABASE_URL fails start-up) and closed with it.
export const TASKS_STORE = Symbol('TasksStore');
