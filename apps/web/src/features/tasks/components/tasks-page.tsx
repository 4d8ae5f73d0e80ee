// The Tasks page: the user's tasks, and — when they may write — adding, ticking off and
// deleting them. A user refused Tasks.ReadWrite reads only, and is told why.
import { Scopes } from '@pixy/auth-contract';
import { PageHeading } from '../../../components/page-heading';
import { ErrorMessage, Loading } from '../../../components/status-message';
import { useScopeDenied } from '../../auth/api/use-scope-denied';
import { RequireSignIn } from '../../auth/components/require-sign-in';
import { useTasks } from '../api/tasks-api';
import { NewTaskForm } from './new-task-form';
import { ReadOnlyNotice } from './read-only-notice';
import { TaskList } from './task-list';

export function TasksPage() {
  return (
    <RequireSignIn title="Tasks">
      <Tasks />
    </RequireSignIn>
  );
}

function Tasks() {
  const tasks = useTasks();
  const write = useScopeDenied(Scopes.TasksReadWrite);
  return (
    <section className="page">
      <PageHeading>Tasks</PageHeading>
      {write.denied ? <ReadOnlyNotice onAskAgain={write.askAgain} /> : <NewTaskForm />}
      {tasks.isPending ? (
        <Loading>Loading your tasks…</Loading>
      ) : tasks.isError ? (
        <ErrorMessage error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <TaskList tasks={tasks.data} readOnly={write.denied} />
      )}
    </section>
  );
}
