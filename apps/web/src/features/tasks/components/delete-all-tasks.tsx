// "Delete all tasks": a destructive action behind a confirmation and, at the API, a
// step-up (the identity provider asks the user to verify their identity first).
import { useState } from 'react';
import { ErrorMessage, Loading } from '../../../components/status-message';
import { RedirectingError } from '../../../lib/api-errors';
import { useDeleteAllTasks } from '../api/tasks-api';

export function DeleteAllTasks({ count }: { count: number }) {
  const { start, mutation } = useDeleteAllTasks();
  const [confirming, setConfirming] = useState(false);

  if (mutation.isPending) return <Loading>Deleting all your tasks…</Loading>;
  if (mutation.error instanceof RedirectingError) {
    return <Loading>Verifying your identity with the identity provider…</Loading>;
  }
  return (
    <section className="danger-zone" aria-label="Delete all tasks">
      {mutation.isError && <ErrorMessage error={mutation.error} />}
      {count === 0 ? null : confirming ? (
        <>
          <p>
            Delete all {count} {count === 1 ? 'task' : 'tasks'}? This cannot be undone, and you will
            be asked to verify your identity first.
          </p>
          <button
            type="button"
            className="button danger"
            onClick={() => {
              setConfirming(false);
              start();
            }}
          >
            Delete them all
          </button>{' '}
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Delete all tasks
        </button>
      )}
    </section>
  );
}
