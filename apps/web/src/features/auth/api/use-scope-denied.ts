// Whether the signed-in user was refused a scope (remembered for the tab's life), and
// a way to forget it when the user asks to try again.
import type { Scope } from '@pixy/auth-contract';
import { useCallback, useSyncExternalStore } from 'react';
import { permissionMemory } from './permission-memory';
import { useActiveAccount } from './use-active-account';

export function useScopeDenied(scope: Scope): { denied: boolean; retry: () => void } {
  const accountId = useActiveAccount()?.homeAccountId;
  const denied = useSyncExternalStore(permissionMemory.subscribe, () =>
    accountId === undefined ? false : permissionMemory.isDenied(accountId, scope),
  );
  const retry = useCallback(() => {
    if (accountId !== undefined) permissionMemory.clear(accountId);
  }, [accountId]);
  return { denied, retry };
}
