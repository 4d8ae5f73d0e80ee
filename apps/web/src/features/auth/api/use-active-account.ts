// The signed-in account (MSAL's active account), or null when nobody is signed in.
import type { AccountInfo } from '@azure/msal-browser';
import { useMsal } from '@azure/msal-react';

export function useActiveAccount(): AccountInfo | null {
  const { instance, accounts } = useMsal();
  return instance.getActiveAccount() ?? accounts[0] ?? null;
}
