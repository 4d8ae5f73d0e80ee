/**
 * GET /api/me: who the API says the caller is, from the access token it validated.
 * The source of the user's app roles: roles defined on the API are in the API's access
 * token, not in the SPA's ID token.
 */
import { useAccount } from '@azure/msal-react';
import type { Me } from '@pixy/api-contract';
import { Scopes } from '@pixy/auth-contract';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useApiClient } from './use-api-client';

/** `interactive: false` for background use (the header): it never starts a redirect. */
export function useMe(options: { interactive?: boolean } = {}): UseQueryResult<Me> {
  const interactive = options.interactive ?? true;
  const api = useApiClient();
  const accountId = useAccount()?.homeAccountId;
  return useQuery({
    queryKey: ['me', accountId],
    queryFn: ({ signal }) =>
      api.request<Me>({ path: '/api/me', scope: Scopes.TasksRead, signal, interactive }),
    enabled: accountId !== undefined,
    staleTime: 60_000,
  });
}
