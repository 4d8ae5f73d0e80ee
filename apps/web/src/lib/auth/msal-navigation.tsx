// Connects MSAL's navigation client to React Router once the router is mounted, so
// MSAL's in-app navigations (back to the page a sign-in started on) are client-side.
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import type { RouterNavigationClient } from './router-navigation-client';

export function MsalNavigation({ client }: { client: RouterNavigationClient }) {
  const navigate = useNavigate();
  useEffect(() => {
    client.attach((to, { replace }) => navigate(to, { replace }));
  }, [client, navigate]);
  return null;
}
