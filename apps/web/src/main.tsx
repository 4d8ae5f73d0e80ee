/**
 * The app's entry: MSAL starts (and handles a redirect response) once, before React
 * renders, so StrictMode cannot run it twice; then the router starts on the URL MSAL
 * left, and MSAL's in-app navigations go through it.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProvider } from './app/provider';
import { AppRoutes } from './app/routes';
import { webConfig } from './config/web-config';
import { createMsalInstance } from './lib/auth/msal-instance';
import { permissionMemory } from './lib/auth/permission-memory';
import { RouterNavigationClient } from './lib/auth/router-navigation-client';
import { startAuth } from './lib/auth/start-auth';
import { MsalNavigation } from './lib/auth/msal-navigation';
import './app/styles.css';

const root = createRoot(document.getElementById('root')!);
const navigationClient = new RouterNavigationClient();
const msal = createMsalInstance(webConfig, navigationClient);

try {
  const { problem } = await startAuth(msal, permissionMemory);
  root.render(
    <StrictMode>
      <BrowserRouter>
        <MsalNavigation client={navigationClient} />
        <AppProvider msal={msal} authProblem={problem}>
          <AppRoutes />
        </AppProvider>
      </BrowserRouter>
    </StrictMode>,
  );
} catch (error) {
  // MSAL could not start at all (e.g. storage blocked): say so instead of a blank page.
  const message = error instanceof Error ? error.message : String(error);
  root.render(
    <main id="main" className="page">
      <h1>Pixy could not start</h1>
      <p role="alert">{message}</p>
    </main>,
  );
}
