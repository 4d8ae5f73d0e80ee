/**
 * The API client for the signed-in user: tokens from the access-token getter, a 403
 * insufficient_scope remembered like a refused consent. Use it under <RequireSignIn>.
 */
import type { IPublicClientApplication } from '@azure/msal-browser';
import { useAccount, useMsal } from '@azure/msal-react';
import { useMemo } from 'react';
import { webConfig } from '../../config/web-config';
import { createApiClient, type ApiClient, type GetAccessToken } from '../api-client';
import { createAccessTokenGetter } from './access-token';
import { claimsRetryMemory } from './claims-retry';
import { permissionMemory } from './permission-memory';

/** The access-token getter for the signed-in user (see access-token.ts). */
export function useAccessTokenGetter(): GetAccessToken {
  const { instance } = useMsal();
  const accountId = useAccount()?.homeAccountId;
  return useMemo(() => getterFor(instance, accountId), [instance, accountId]);
}

function getterFor(msal: IPublicClientApplication, accountId: string | undefined): GetAccessToken {
  const account = accountId === undefined ? null : msal.getAccount({ homeAccountId: accountId });
  if (!account) {
    return () => Promise.reject(new Error('Not signed in: render this under <RequireSignIn>.'));
  }
  return createAccessTokenGetter({ msal, account, memory: permissionMemory });
}

export function useApiClient(): ApiClient {
  const getAccessToken = useAccessTokenGetter();
  const accountId = useAccount()?.homeAccountId;
  return useMemo(
    () =>
      createApiClient({
        baseUrl: webConfig.apiUrl,
        getAccessToken,
        claimsRetry: claimsRetryMemory,
        onScopeDenied: (scope) => {
          if (accountId !== undefined) permissionMemory.deny(accountId, scope);
        },
      }),
    [getAccessToken, accountId],
  );
}
