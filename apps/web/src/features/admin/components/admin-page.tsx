// Admin: every user's tasks. Linked only for holders of the Tasks.Admin app role (as
// /api/me reports it); the API enforces the role whatever this page shows.
import { AppRoles } from '@pixy/auth-contract';
import { PageHeading } from '../../../components/page-heading';
import { ErrorMessage, Loading } from '../../../components/status-message';
import { useMe } from '../../auth/api/me-api';
import { RequireSignIn } from '../../auth/components/require-sign-in';
import { useAllTasks } from '../api/admin-api';

export function AdminPage() {
  return (
    <RequireSignIn title="Admin">
      <Admin />
    </RequireSignIn>
  );
}

function Admin() {
  const me = useMe();
  const isAdmin = me.data?.roles.includes(AppRoles.TasksAdmin) ?? false;
  const tasks = useAllTasks(isAdmin);
  return (
    <section className="page wide">
      <PageHeading>Admin</PageHeading>
      {me.isPending ? (
        <Loading>Checking your app roles…</Loading>
      ) : me.isError ? (
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      ) : !isAdmin ? (
        <div className="notice warning" role="status">
          <p>
            You need the app role <strong>{AppRoles.TasksAdmin}</strong> to see every user's tasks.
            An administrator assigns it to users in the API's app registration (Enterprise
            applications → Users and groups); it then appears in the <code>roles</code> claim of the
            API's access tokens.
          </p>
        </div>
      ) : tasks.isPending ? (
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
                    <code>{task.owner?.objectId ?? '—'}</code>
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
