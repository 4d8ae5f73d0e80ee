/**
 * The tasks of the signed-in user, through TanStack Query. Reads use a Tasks.Read token,
 * writes a Tasks.ReadWrite token (asked for the first time the user writes).
 */
import { useAccount } from '@azure/msal-react';
import type { CreateTask, Task, UpdateTask } from '@pixy/api-contract';
import { Scopes } from '@pixy/auth-contract';
import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import { RedirectingError } from '../../../lib/api-errors';
import { forgetAction, useResumableAction } from '../../../lib/auth/resume-after-redirect';
import { useApiClient } from '../../../lib/auth/use-api-client';

function useTasksKey() {
  return ['tasks', useAccount()?.homeAccountId] as const;
}

export function useTasks(): UseQueryResult<Task[]> {
  const api = useApiClient();
  return useQuery({
    queryKey: useTasksKey(),
    queryFn: ({ signal }) =>
      api.request<Task[]>({ path: '/api/tasks', scope: Scopes.TasksRead, signal }),
  });
}

/** A write that refreshes the list when it is done (whatever the outcome). */
function useTaskWrite<Input>(
  write: (api: ReturnType<typeof useApiClient>, input: Input) => Promise<unknown>,
): UseMutationResult<unknown, Error, Input> {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const key = useTasksKey();
  return useMutation({
    mutationFn: (input: Input) => write(api, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useAddTask() {
  return useTaskWrite((api, title: string) =>
    api.request<Task>({
      method: 'POST',
      path: '/api/tasks',
      scope: Scopes.TasksReadWrite,
      body: { title } satisfies CreateTask,
    }),
  );
}

/**
 * Ticking a task off shows at once (an optimistic update), and is undone if the API
 * refuses: a checkbox that waits for the network feels broken.
 */
export function useSetTaskDone(): UseMutationResult<Task, Error, { id: string; done: boolean }> {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const key = useTasksKey();
  return useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) =>
      api.request<Task>({
        method: 'PATCH',
        path: `/api/tasks/${encodeURIComponent(id)}`,
        scope: Scopes.TasksReadWrite,
        body: { done } satisfies UpdateTask,
      }),
    onMutate: async ({ id, done }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Task[]>(key);
      queryClient.setQueryData<Task[]>(key, (tasks) =>
        tasks?.map((task) => (task.id === id ? { ...task, done } : task)),
      );
      return { before };
    },
    onError: (_error, _input, context) => {
      queryClient.setQueryData(key, context?.before);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteTask() {
  return useTaskWrite((api, id: string) =>
    api.request<void>({
      method: 'DELETE',
      path: `/api/tasks/${encodeURIComponent(id)}`,
      scope: Scopes.TasksReadWrite,
    }),
  );
}

const deleteAllAction = 'tasks:delete-all';

/**
 * Deletes every task of the user. The API asks for a step-up first (a claims challenge
 * for the authentication context AUTH_STEP_UP_CONTEXT): the app leaves for the identity
 * provider and, back on this page, finishes the deletion once (useResumableAction).
 */
export function useDeleteAllTasks(): {
  readonly start: () => void;
  readonly mutation: UseMutationResult<unknown, Error, void>;
} {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const key = useTasksKey();
  const mutation = useMutation({
    mutationFn: () =>
      api.request<void>({ method: 'DELETE', path: '/api/tasks', scope: Scopes.TasksReadWrite }),
    // A list request already under way (back from the step-up, the page loads the list
    // and finishes the deletion at once) would answer with the tasks as they were.
    onMutate: () => queryClient.cancelQueries({ queryKey: key }),
    onSuccess: () => queryClient.setQueryData<Task[]>(key, []),
    onSettled: (_data, error) => {
      if (!(error instanceof RedirectingError)) forgetAction(deleteAllAction);
      return queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const { mutate } = mutation;
  const start = useResumableAction(deleteAllAction, () => mutate());
  return { start, mutation };
}
