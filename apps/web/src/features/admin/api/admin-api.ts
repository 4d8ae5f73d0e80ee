// GET /api/admin/tasks: every user's tasks, for holders of the Tasks.Admin app role.
import { useAccount } from '@azure/msal-react';
import type { OwnedTask } from '@pixy/api-contract';
import { Scopes } from '@pixy/auth-contract';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth/use-api-client';

export function useAllTasks(): UseQueryResult<OwnedTask[]> {
  const api = useApiClient();
  const accountId = useAccount()?.homeAccountId;
  return useQuery({
    queryKey: ['admin-tasks', accountId],
    // The role is checked by the API; the token only needs to be one for the API.
    queryFn: ({ signal }) =>
      api.request<OwnedTask[]>({ path: '/api/admin/tasks', scope: Scopes.TasksRead, signal }),
  });
}
