/**
 * MSAL's start-up, run once from main.tsx beside the first render (outside React, so
 * StrictMode's double effects cannot run it twice): create the instance, initialize it,
 * pick the active account, and handle a response the identity provider redirected back
 * with. This module and MSAL load as a chunk of their own (see deferred-msal.ts).
 */
import type { INavigationClient, IPublicClientApplication } from '@azure/msal-browser';
import type { WebConfig } from '../../config/web-config';
import { grantedScopes } from './auth-requests';
import { isConsentRefusal } from './consent-errors';
import type { AuthStartResult } from './auth-problem';
import type { DeferredMsal } from './deferred-msal';
import { describeAuthError } from './describe-auth-error';
import { createMsalInstance } from './msal-instance';
import type { PermissionMemory } from './permission-memory';

/**
 * Creates the app's MSAL instance, hands it to the stand-in msal-react already uses, and
 * starts it; never rejects (a failure to start is a problem to show). Signed out, it then fetches the identity provider's discovery document, as
 * MSAL will on "Sign in": the connection is open by then, and the document in the
 * browser's cache where the provider allows caching it.
 */
export function startMsal(
  config: WebConfig,
  navigationClient: INavigationClient,
  memory: PermissionMemory,
  deferred: DeferredMsal,
): Promise<AuthStartResult> {
  return new Promise<AuthStartResult>((resolve) => {
    const msal = createMsalInstance(config, navigationClient);
    deferred.attach(msal, () => {
      const started = startAuth(msal, memory);
      resolve(started);
      return started;
    });
  })
    .then((outcome) => {
      if (!deferred.getActiveAccount()) prefetchDiscovery(config.authority);
      return outcome;
    })
    .catch((error: unknown) => ({
      problem: `Sign-in could not start: ${describeAuthError(error)}`,
    }));
}

/** MSAL's discovery URL for an Entra ID (v2.0) authority, fetched as MSAL fetches it. */
function prefetchDiscovery(authority: string): void {
  fetch(`${authority}/v2.0/.well-known/openid-configuration`).catch(() => {
    // Only a head start: MSAL fetches it again, and reports a failure then.
  });
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
