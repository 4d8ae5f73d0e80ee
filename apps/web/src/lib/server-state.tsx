/**
 * The TanStack Query provider, loaded with the first page that talks to the API. Home
 * does not, and keeping @tanstack/react-query out of the first chunk keeps the first
 * page under its size budget (scripts/size.mjs). Every user of it shares one client.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Outlet } from 'react-router';
import { queryClient } from './query-client';

export function ServerState({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/** A layout route: the pages under it can use queries. */
export default function ServerStateOutlet() {
  return (
    <ServerState>
      <Outlet />
    </ServerState>
  );
}
