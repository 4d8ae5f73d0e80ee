// Adding a task. The first write asks for Tasks.ReadWrite (silently if already granted,
// otherwise through the identity provider's consent page).
import { maxTaskTitleLength } from '@pixy/api-contract';
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../components/status-message';
import { PermissionDeniedError } from '../../../lib/api-errors';
import { useAddTask } from '../api/tasks-api';

export function NewTaskForm() {
  const inputId = useId();
  const [title, setTitle] = useState('');
  const addTask = useAddTask();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (trimmed === '') return;
    addTask.mutate(trimmed, { onSuccess: () => setTitle('') });
  };

  return (
    <form className="new-task" onSubmit={submit}>
      <label htmlFor={inputId}>New task</label>
      <div className="new-task-row">
        <input
          id={inputId}
          name="title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          maxLength={maxTaskTitleLength}
          required
          autoComplete="off"
          placeholder="What needs doing?"
        />
        <button type="submit" className="button primary" disabled={addTask.isPending}>
          {addTask.isPending ? 'Adding…' : 'Add task'}
        </button>
      </div>
      {/* A missing permission is shown by the read-only notice instead. */}
      {addTask.isError && !(addTask.error instanceof PermissionDeniedError) && (
        <ErrorMessage error={addTask.error} />
      )}
    </form>
  );
}
