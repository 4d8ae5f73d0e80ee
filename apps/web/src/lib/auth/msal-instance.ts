/**
 * The one PublicClientApplication of the app, built from the build-time configuration.
 * Loaded beside the first render, not before it (see deferred-msal.ts).
 */
import {
  BrowserCacheLocation,
  EventType,
  PublicClientApplication,
  type AuthenticationResult,
  type INavigationClient,
} from '@azure/msal-browser';
import type { WebConfig } from '../../config/web-config';
import { bridgeRedirectUri } from './auth-requests';
import { msalLoggerOptions } from './msal-logging';

export function createMsalInstance(
  config: WebConfig,
  navigationClient: INavigationClient,
): PublicClientApplication {
  const msal = new PublicClientApplication({
    auth: {
      clientId: config.spaClientId,
      authority: config.authority,
      knownAuthorities: [...config.knownAuthorities],
      // The default for silent and popup requests; redirects pass appRedirectUri().
      redirectUri: bridgeRedirectUri(),
      postLogoutRedirectUri: `${window.location.origin}/`,
      // CP1: this app answers claims challenges (step-up, continuous access evaluation),
      // so the API may send them (its tokens carry xms_cc), and Entra may issue
      // long-lived, instantly revocable tokens.
      clientCapabilities: ['CP1'],
    },
    cache: {
      // sessionStorage: tokens live as long as the tab, survive a reload, and are not
      // shared with other tabs (a new tab signs in again, through the IdP's session).
      // localStorage would keep them after the tab closes: more SSO, more exposure.
      cacheLocation: BrowserCacheLocation.SessionStorage,
    },
    system: {
      navigationClient,
      loggerOptions: msalLoggerOptions,
    },
  });
  // The account a sign-in came back with becomes the active one before msal-react
  // re-renders with it (registered first, this callback runs before msal-react's).
  msal.addEventCallback((event) => {
    const result = event.payload as AuthenticationResult | null;
    if (event.eventType === EventType.LOGIN_SUCCESS && result?.account) {
      msal.setActiveAccount(result.account);
    }
  });
  return msal;
}
