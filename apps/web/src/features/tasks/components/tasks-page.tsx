// The Tasks page: the signed-in user's tasks, and — when they may write — adding, ticking off and
// deleting them. A user refused Tasks.ReadWrite reads only, and is told why.
import { Scopes } from '@pixy/auth-contract';
import { PageHeading } from '../../../components/page-heading';
import { ErrorMessage, Loading } from '../../../components/status-message';
import { useScopeDenied } from '../../../lib/auth/use-scope-denied';
import { useTasks } from '../api/tasks-api';
import { DeleteAllTasks } from './delete-all-tasks';
import { NewTaskForm } from './new-task-form';
import { ReadOnlyNotice } from './read-only-notice';
import { TaskList } from './task-list';

/** The route table renders it for signed-in users only (<RequireSignIn>). */
export default function TasksPage() {
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
      {!write.denied && <DeleteAllTasks count={tasks.data?.length ?? 0} />}
    </section>
  );
}
