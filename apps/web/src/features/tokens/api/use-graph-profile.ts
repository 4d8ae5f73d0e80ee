// GET /api/me/profile: the user's Microsoft Graph profile, which the API reads on their
// behalf (on-behalf-of). The SPA never holds a Graph token: it asks its own API.
import { useAccount } from '@azure/msal-react';
import type { GraphProfile } from '@pixy/api-contract';
import { Scopes } from '@pixy/auth-contract';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useApiClient } from '../../../lib/auth/use-api-client';

export function useGraphProfile(): UseQueryResult<GraphProfile> {
  const api = useApiClient();
  const accountId = useAccount()?.homeAccountId;
  return useQuery({
    queryKey: ['graph-profile', accountId],
    queryFn: ({ signal }) =>
      api.request<GraphProfile>({ path: '/api/me/profile', scope: Scopes.TasksRead, signal }),
    enabled: accountId !== undefined,
    staleTime: 60_000,
  });
}
