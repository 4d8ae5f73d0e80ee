// "Sign out": forgets what the app remembered for this user, then ends the session at
// the identity provider (logoutRedirect), which sends the browser back to the home page
// (a full page load: nothing cached in memory survives it).
import { InteractionStatus } from '@azure/msal-browser';
import { useAccount, useMsal } from '@azure/msal-react';
import { permissionMemory } from './permission-memory';

export function SignOutButton() {
  const { instance, inProgress } = useMsal();
  const account = useAccount();

  const signOut = () => {
    permissionMemory.clear();
    void instance.logoutRedirect({
      account,
      postLogoutRedirectUri: `${window.location.origin}/`,
    });
  };

  return (
    <button
      type="button"
      className="button"
      onClick={signOut}
      disabled={inProgress !== InteractionStatus.None}
    >
      Sign out
    </button>
  );
}
