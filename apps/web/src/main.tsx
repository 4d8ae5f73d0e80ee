/**
 * The app's entry. The runtime configuration (/config.js, run before this module) is
 * checked first: when it is invalid, the page says what to fix instead of starting. Then
 * React renders at once; MSAL's code (about half of the app's
 * JavaScript) loads beside that first render and starts once, outside React (so
 * StrictMode cannot run it twice): initialize, the redirect response, the active
 * account. Until it has, msal-react reports "starting up" through a stand-in instance
 * (lib/auth/deferred-msal.ts): pages show what needs no sign-in, and say they are
 * checking for the rest. MSAL's in-app navigations go through the router.
 */
import { Logger } from '@azure/msal-browser';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProvider } from './app/provider';
import { AppRoutes } from './app/routes';
import { ConfigProblems } from './components/config-problems';
import { webConfig, webConfigProblems } from './config/web-config';
import { carriesAuthResponse } from './lib/auth/auth-requests';
import { DeferredMsal } from './lib/auth/deferred-msal';
import { msalLoggerOptions } from './lib/auth/msal-logging';
import { MsalNavigation } from './lib/auth/msal-navigation';
import { permissionMemory } from './lib/auth/permission-memory';
import { RouterNavigationClient } from './lib/auth/router-navigation-client';
import './app/styles.css';

const root = createRoot(document.getElementById('root')!);
if (webConfigProblems) {
  root.render(
    <StrictMode>
      <ConfigProblems problems={webConfigProblems} />
    </StrictMode>,
  );
} else {
  start();
}

function start() {
  // A connection to the identity provider, opened now, is ready when "Sign in" navigates
  // there (the authority is known at run time, so this hint cannot be in index.html).
  const preconnect = document.createElement('link');
  preconnect.rel = 'preconnect';
  preconnect.href = new URL(webConfig.authority).origin;
  document.head.append(preconnect);

  const navigationClient = new RouterNavigationClient();
  const msal = new DeferredMsal(new Logger(msalLoggerOptions));
  const authStart = import('./lib/auth/start-auth').then(
    ({ startMsal }) => startMsal(webConfig, navigationClient, permissionMemory, msal),
    (error: unknown) => ({
      // The chunk could not load (e.g. a new deployment replaced it): say so.
      problem: `Sign-in could not start: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );

  const render = () =>
    root.render(
      <StrictMode>
        <BrowserRouter>
          <MsalNavigation client={navigationClient} />
          <AppProvider msal={msal} authStart={authStart}>
            <AppRoutes />
          </AppProvider>
        </BrowserRouter>
      </StrictMode>,
    );
  if (carriesAuthResponse(window.location.hash)) {
    // On the way back from the identity provider the user waits for their name, not for the
    // page: the token request goes first, and the first render shows the name (rendering
    // earlier, beside the request, measured slower: the two compete for the main thread).
    void authStart.then(render);
  } else {
    render();
  }
}
