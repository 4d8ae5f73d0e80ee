/**
 * The one PublicClientApplication of the app, built from the build-time configuration.
 */
import { BrowserCacheLocation, LogLevel, PublicClientApplication } from '@azure/msal-browser';
import type { INavigationClient } from '@azure/msal-browser';
import type { WebConfig } from '../../config/web-config';
import { bridgeRedirectUri } from './auth-requests';

export function createMsalInstance(
  config: WebConfig,
  navigationClient: INavigationClient,
): PublicClientApplication {
  return new PublicClientApplication({
    auth: {
      clientId: config.spaClientId,
      authority: config.authority,
      knownAuthorities: [...config.knownAuthorities],
      // The default for silent and popup requests; redirects pass appRedirectUri().
      redirectUri: bridgeRedirectUri(),
      postLogoutRedirectUri: `${window.location.origin}/`,
    },
    cache: {
      // sessionStorage: tokens live as long as the tab, survive a reload, and are not
      // shared with other tabs (a new tab signs in again, through the IdP's session).
      // localStorage would keep them after the tab closes: more SSO, more exposure.
      cacheLocation: BrowserCacheLocation.SessionStorage,
    },
    system: {
      navigationClient,
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false, // never log tokens, usernames or claims
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) return;
          if (level === LogLevel.Error) console.error(message);
          else if (level === LogLevel.Warning) console.warn(message);
        },
      },
    },
  });
}
