// What every page needs around it: MSAL (through msal-react), and how MSAL's start-up
// went (a problem the sign-in redirect came back with, if any). Server state (TanStack
// Query) is provided by the lazy pages' layout route, lib/server-state.tsx.
import type { IPublicClientApplication } from '@azure/msal-browser';
import { MsalProvider } from '@azure/msal-react';
import type { ReactNode } from 'react';
import { AuthStart, type AuthStartResult } from '../lib/auth/auth-problem';

export function AppProvider(props: {
  msal: IPublicClientApplication;
  authStart: Promise<AuthStartResult>;
  children: ReactNode;
}) {
  return (
    <MsalProvider instance={props.msal}>
      <AuthStart.Provider value={props.authStart}>{props.children}</AuthStart.Provider>
    </MsalProvider>
  );
}
