// "Sign in": a full-page redirect to the identity provider, asking for Tasks.Read only,
// that comes back to the page the user is on.
import { InteractionStatus } from '@azure/msal-browser';
import { useMsal } from '@azure/msal-react';
import { useState } from 'react';
import { apiScope, appRedirectUri, signInScope } from './auth-requests';
import { describeAuthError } from './describe-auth-error';

export function SignInButton({ className = 'button primary' }: { className?: string }) {
  const { instance, inProgress } = useMsal();
  const [problem, setProblem] = useState<string>();
  const busy = inProgress !== InteractionStatus.None;

  const signIn = () => {
    setProblem(undefined);
    instance
      .loginRedirect({
        scopes: [apiScope(signInScope)],
        redirectUri: appRedirectUri(),
        redirectStartPage: window.location.href,
      })
      .catch((error: unknown) => setProblem(describeAuthError(error)));
  };

  return (
    <>
      <button type="button" className={className} onClick={signIn} disabled={busy}>
        Sign in
      </button>
      {problem && (
        <p role="alert" className="inline-error">
          {problem}
        </p>
      )}
    </>
  );
}
