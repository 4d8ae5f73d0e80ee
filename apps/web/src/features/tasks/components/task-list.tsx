// The list of tasks: tick one off or delete it (unless the user may only read).
import { ErrorMessage } from '../../../components/status-message';
import { PermissionDeniedError } from '../../../lib/api-errors';
import type { Task } from '@pixy/api-contract';
import { useDeleteTask, useSetTaskDone } from '../api/tasks-api';

export function TaskList({ tasks, readOnly }: { tasks: readonly Task[]; readOnly: boolean }) {
  const setDone = useSetTaskDone();
  const deleteTask = useDeleteTask();
  const failed = [setDone, deleteTask].find(
    (write) => write.isError && !(write.error instanceof PermissionDeniedError),
  );

  if (tasks.length === 0) {
    return <p className="empty">No tasks yet{readOnly ? '.' : ': add the first one above.'}</p>;
  }
  return (
    <>
      {failed && <ErrorMessage error={failed.error} />}
      <ul className="task-list" aria-label="Your tasks">
        {tasks.map((task) => (
          <li key={task.id} className={task.done ? 'task done' : 'task'}>
            <label>
              <input
                type="checkbox"
                checked={task.done}
                disabled={readOnly || setDone.isPending}
                onChange={(event) => setDone.mutate({ id: task.id, done: event.target.checked })}
              />
              <span className="task-title">{task.title}</span>
            </label>
            {!readOnly && (
              <button
                type="button"
                className="button small"
                aria-label={`Delete ${task.title}`}
                disabled={deleteTask.isPending}
                onClick={() => deleteTask.mutate(task.id)}
              >
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
