/**
 * The app's routes, and what each needs: <RequireSignIn> a signed-in user, <RequireRole>
 * an app role as well. Home loads with the app; every other page is a separate chunk,
 * fetched on first visit with the query provider they share, so the first page stays
 * small (see scripts/size.mjs).
 * Declarative React Router: the data router would add ~16 kB gzip for features this
 * app does not use (loaders, actions).
 */
import { AppRoles } from '@pixy/auth-contract';
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { HomePage } from '../features/home/components/home-page';
import { RequireSignIn } from '../lib/auth/require-sign-in';
import { Layout } from './layout';
import { NotFoundPage } from './route-error';

// The pages that talk to the API, the query provider they share, and the role check
// (it asks the API too).
const ServerStateOutlet = lazy(() => import('../lib/server-state'));
const RequireRole = lazy(() => import('../lib/auth/require-role'));
const TasksPage = lazy(() => import('../features/tasks/components/tasks-page'));
const TokensPage = lazy(() => import('../features/tokens/components/tokens-page'));
const AdminPage = lazy(() => import('../features/admin/components/admin-page'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route element={<ServerStateOutlet />}>
          <Route
            path="tasks"
            element={
              <RequireSignIn title="Tasks">
                <TasksPage />
              </RequireSignIn>
            }
          />
          <Route
            path="tokens"
            element={
              <RequireSignIn title="Your tokens">
                <TokensPage />
              </RequireSignIn>
            }
          />
          <Route
            path="admin"
            element={
              <RequireSignIn title="Admin">
                <RequireRole role={AppRoles.TasksAdmin} title="Admin">
                  <AdminPage />
                </RequireRole>
              </RequireSignIn>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
