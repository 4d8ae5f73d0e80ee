// A problem MSAL's start-up ended in (a refused or failed sign-in the identity
// provider's redirect came back with, or MSAL unable to start), shown at the top of the
// page until dismissed. Start-up runs beside the first render: the banner appears when
// it is done, and nothing waits for it.
import { createContext, Suspense, use, useContext, useState } from 'react';

/** How MSAL's start-up went, for the UI: a problem to show, or nothing. */
export interface AuthStartResult {
  readonly problem?: string;
}

export const AuthStart = createContext<Promise<AuthStartResult>>(Promise.resolve({}));

export function AuthProblemBanner() {
  return (
    <Suspense fallback={null}>
      <Banner />
    </Suspense>
  );
}

function Banner() {
  const { problem } = use(useContext(AuthStart));
  const [dismissed, setDismissed] = useState(false);
  if (problem === undefined || dismissed) return null;
  return (
    <div role="alert" className="notice error banner">
      <p>{problem}</p>
      <button type="button" className="button" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
