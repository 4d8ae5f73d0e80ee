// The access token the app currently uses for a scope, for display on "Your tokens".
// The same getter as every API call: from MSAL's cache, renewed silently when due.
import { useAccount } from '@azure/msal-react';
import type { Scope } from '@pixy/auth-contract';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useAccessTokenGetter } from '../../../lib/auth/use-api-client';

export function useAccessToken(scope: Scope): UseQueryResult<string> {
  const getAccessToken = useAccessTokenGetter();
  const accountId = useAccount()?.homeAccountId;
  return useQuery({
    queryKey: ['access-token', accountId, scope],
    queryFn: () => getAccessToken(scope),
    enabled: accountId !== undefined,
    staleTime: 30_000,
  });
}
