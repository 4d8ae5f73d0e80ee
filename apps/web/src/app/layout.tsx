// The frame of every page: skip link, header (navigation, the signed-in user, sign in
// or out), and the page — with a loading state while a lazy page's code arrives, and
// an error state if it cannot.
import { AuthenticatedTemplate } from '@azure/msal-react';
import { lazy, Suspense, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { InitialLocationKey } from '../components/page-heading';
import { Loading } from '../components/status-message';
import { SignInButton } from '../lib/auth/sign-in-button';
import { SignOutButton } from '../lib/auth/sign-out-button';
import { useSignedInAccount } from '../lib/auth/use-signed-in-account';
import { AuthProblemBanner } from '../lib/auth/auth-problem';
import { RouteErrorBoundary } from './route-error';

// Loaded after the first render: it asks the API (/api/me), which the first page need not wait for.
const AdminLink = lazy(() => import('../features/admin/components/admin-link'));

export function Layout() {
  const location = useLocation();
  const [initialKey] = useState(location.key);
  return (
    <InitialLocationKey.Provider value={initialKey}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main">
        <AuthProblemBanner />
        <RouteErrorBoundary key={location.pathname}>
          <Suspense fallback={<Loading>Loading the page…</Loading>}>
            <Outlet />
          </Suspense>
        </RouteErrorBoundary>
      </main>
    </InitialLocationKey.Provider>
  );
}

function Header() {
  return (
    <header className="site-header">
      <NavLink to="/" className="brand" end>
        Pixy
      </NavLink>
      <nav aria-label="Main">
        <ul>
          <li>
            <NavLink to="/" end>
              Home
            </NavLink>
          </li>
          <li>
            <NavLink to="/tasks">Tasks</NavLink>
          </li>
          <li>
            <NavLink to="/tokens">Your tokens</NavLink>
          </li>
          <AuthenticatedTemplate>
            <Suspense fallback={null}>
              <AdminLink />
            </Suspense>
          </AuthenticatedTemplate>
        </ul>
      </nav>
      <div className="account">
        <Account />
      </div>
    </header>
  );
}

/** The signed-in user's name and "Sign out", or "Sign in" (nothing while MSAL starts). */
function Account() {
  const { account, starting } = useSignedInAccount();
  if (account) {
    return (
      <>
        <span className="account-name" data-testid="account-name">
          {account.name ?? account.username}
        </span>
        <SignOutButton />
      </>
    );
  }
  return starting ? null : <SignInButton />;
}
