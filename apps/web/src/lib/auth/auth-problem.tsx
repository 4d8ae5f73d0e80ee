// A problem the identity provider's redirect came back with (a refused or failed
// sign-in), shown once at the top of the page until dismissed.
import { createContext, useContext, useState } from 'react';

export const AuthProblem = createContext<string | undefined>(undefined);

export function AuthProblemBanner() {
  const problem = useContext(AuthProblem);
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
