// What every page needs around it: MSAL, and the problem the sign-in redirect came back
// with (if any). Server state (TanStack Query) is provided by the lazy pages' layout
// route, server-state.tsx.
import type { IPublicClientApplication } from '@azure/msal-browser';
import { MsalProvider } from '@azure/msal-react';
import type { ReactNode } from 'react';
import { AuthProblem } from '../lib/auth/auth-problem';

export function AppProvider(props: {
  msal: IPublicClientApplication;
  authProblem: string | undefined;
  children: ReactNode;
}) {
  return (
    <MsalProvider instance={props.msal}>
      <AuthProblem.Provider value={props.authProblem}>{props.children}</AuthProblem.Provider>
    </MsalProvider>
  );
}
