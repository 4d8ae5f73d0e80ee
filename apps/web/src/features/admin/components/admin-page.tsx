// Admin: every user's tasks. Shown and linked only for holders of the Tasks.Admin app
// role (as /api/me reports it); the API enforces the role whatever this page shows.
import { PageHeading } from '../../../components/page-heading';
import { ErrorMessage, Loading } from '../../../components/status-message';
import { useAllTasks } from '../api/admin-api';

/** The route table renders it for holders of the role only (<RequireRole>). */
export default function AdminPage() {
  const tasks = useAllTasks();
  return (
    <section className="page wide">
      <PageHeading>Admin</PageHeading>
      {tasks.isPending ? (
        <Loading>Loading every user's tasks…</Loading>
      ) : tasks.isError ? (
        <ErrorMessage error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.data.length === 0 ? (
        <p className="empty">Nobody has any tasks yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="claims">
            <caption>Every user's tasks ({tasks.data.length})</caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Done</th>
                <th scope="col">Owner (oid)</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {tasks.data.map((task) => (
                <tr key={task.id}>
                  <td>{task.title}</td>
                  <td>{task.done ? 'yes' : 'no'}</td>
                  <td>
                    <code>{task.owner.objectId}</code>
                  </td>
                  <td>{task.createdAt.replace('T', ' ').slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
