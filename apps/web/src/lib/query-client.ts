/**
 * TanStack Query for server state, in one client for the whole app. It lives in the
 * lazily loaded part of the app (see server-state.tsx): the first page does not need it.
 * Retries only what a retry can fix (the network), never a missing permission or a
 * redirect in progress.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-errors';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) =>
          error instanceof ApiError && error.kind === 'network' && failures < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();
