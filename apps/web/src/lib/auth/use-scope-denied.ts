// Whether the signed-in user was refused a scope (remembered for the tab's life), and
// a way to forget that when the user asks to be asked again (their choice, never automatic).
import { useAccount } from '@azure/msal-react';
import type { Scope } from '@pixy/auth-contract';
import { useCallback, useSyncExternalStore } from 'react';
import { permissionMemory } from './permission-memory';

export function useScopeDenied(scope: Scope): { denied: boolean; askAgain: () => void } {
  const accountId = useAccount()?.homeAccountId;
  const denied = useSyncExternalStore(permissionMemory.subscribe, () =>
    accountId === undefined ? false : permissionMemory.isDenied(accountId, scope),
  );
  const askAgain = useCallback(() => {
    if (accountId !== undefined) permissionMemory.forget(accountId, scope);
  }, [accountId, scope]);
  return { denied, askAgain };
}
