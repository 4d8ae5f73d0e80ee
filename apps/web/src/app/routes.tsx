/**
 * The app's routes. Home loads with the app; every other page is a separate chunk,
 * fetched on first visit with the query provider they share, so the first page stays
 * small (see scripts/size.mjs).
 * Declarative React Router: the data router would add ~16 kB gzip for features this
 * app does not use (loaders, actions).
 */
import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { HomePage } from '../features/home/components/home-page';
import { Layout } from './layout';
import { NotFoundPage } from './route-error';

// The pages that talk to the API, and the query provider they share.
const ServerStateOutlet = lazy(() => import('./server-state'));
const TasksPage = lazy(() =>
  import('../features/tasks/components/tasks-page').then((m) => ({ default: m.TasksPage })),
);
const TokensPage = lazy(() =>
  import('../features/tokens/components/tokens-page').then((m) => ({ default: m.TokensPage })),
);
const AdminPage = lazy(() =>
  import('../features/admin/components/admin-page').then((m) => ({ default: m.AdminPage })),
);

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route element={<ServerStateOutlet />}>
          <Route path="tasks" element={<TasksPage />} />
          <Route path="tokens" element={<TokensPage />} />
          <Route path="admin" element={<AdminPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
