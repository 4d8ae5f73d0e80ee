// GET /api/admin/tasks: every user's tasks, for holders of the Tasks.Admin app role.
import { Scopes } from '@pixy/auth-contract';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useActiveAccount } from '../../auth/api/use-active-account';
import { useApiClient } from '../../auth/api/use-api-client';
import type { Task } from '../../tasks/api/tasks-api';

export interface OwnedTask extends Task {
  owner?: { tenantId?: string; objectId?: string };
}

export function useAllTasks(enabled: boolean): UseQueryResult<OwnedTask[]> {
  const api = useApiClient();
  const accountId = useActiveAccount()?.homeAccountId;
  return useQuery({
    queryKey: ['admin-tasks', accountId],
    // The role is checked by the API; the token only needs to be one for the API.
    queryFn: ({ signal }) =>
      api.request<OwnedTask[]>({ path: '/api/admin/tasks', scope: Scopes.TasksRead, signal }),
    enabled,
  });
}
