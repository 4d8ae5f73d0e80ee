/**
 * MSAL's start-up, run once before React renders (so StrictMode's double effects and
 * re-renders cannot run it twice): initialize, handle a response the identity provider
 * redirected back with, and pick the active account.
 */
import type { IPublicClientApplication } from '@azure/msal-browser';
import { grantedScopes } from './auth-requests';
import { isConsentRefusal } from './consent-errors';
import { describeAuthError } from './describe-auth-error';
import type { PermissionMemory } from './permission-memory';

/** What came back from the identity provider, for the UI: a problem to show, or nothing. */
export interface AuthStartResult {
  readonly problem?: string;
}

export async function startAuth(
  msal: IPublicClientApplication,
  memory: PermissionMemory,
): Promise<AuthStartResult> {
  await msal.initialize();
  let problem: string | undefined;
  try {
    // MSAL caches this promise per URL hash, so MsalProvider's own call gets the same one.
    const result = await msal.handleRedirectPromise();
    if (result?.account) {
      msal.setActiveAccount(result.account);
      for (const scope of grantedScopes(result.scopes)) {
        memory.grant(result.account.homeAccountId, scope);
      }
    }
  } catch (error) {
    // A refused consent for a scope we asked for is remembered, and the page that needed
    // it explains; anything else (a refused sign-in, an unreachable IdP) is shown as is.
    const refused = isConsentRefusal(error) ? memory.refuseAsked() : [];
    if (refused.length === 0) problem = describeAuthError(error);
  }
  removeLeftoverState();
  if (!msal.getActiveAccount()) {
    const [first] = msal.getAllAccounts();
    if (first) msal.setActiveAccount(first);
  }
  return problem === undefined ? {} : { problem };
}

/**
 * After sign-out the identity provider returns to `/?state=…`; MSAL has nothing to do
 * with it then. Drop it from the address bar so it is not bookmarked or shared.
 */
function removeLeftoverState(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('state') || url.searchParams.has('code')) return;
  url.searchParams.delete('state');
  window.history.replaceState(window.history.state, '', url);
}
