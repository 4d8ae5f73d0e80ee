// Test helpers: a fake MSAL (the only place MSAL is mocked), a fake API, and the
// providers a page needs, so component tests exercise the real hooks and API client.
import {
  InteractionStatus,
  type AccountInfo,
  type AuthenticationResult,
  type SilentRequest,
} from '@azure/msal-browser';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from '../src/lib/query-client';

export function testAccount(name: string, username: string): AccountInfo {
  return {
    homeAccountId: `${username}.home`,
    localAccountId: username,
    environment: 'localhost:8443',
    tenantId: 'tenant',
    username,
    name,
  };
}

/** A stand-in for PublicClientApplication with just what the app calls. */
export function fakeMsal(account: AccountInfo) {
  return {
    getActiveAccount: () => account,
    getAccount: () => account,
    getAllAccounts: () => [account],
    acquireTokenSilent: vi.fn((request: SilentRequest): Promise<AuthenticationResult> =>
      Promise.resolve({
        accessToken: `token for ${request.scopes.join(' ')}`,
      } as AuthenticationResult),
    ),
    acquireTokenRedirect: vi.fn(() => Promise.resolve()),
    loginRedirect: vi.fn(() => Promise.resolve()),
    logoutRedirect: vi.fn(() => Promise.resolve()),
  };
}

export type FakeMsal = ReturnType<typeof fakeMsal>;

/**
 * useMsal()'s value for a fake instance. A test mocks the msal-react hooks the app uses
 * with it, lazily (vi.mock is hoisted above the imports):
 * `vi.mock('@azure/msal-react', () => ({ useMsal: () => msalContext(msal, alice), useAccount: () => alice, useIsAuthenticated: () => true }))`.
 */
export function msalContext(instance: FakeMsal, account: AccountInfo) {
  return { instance, accounts: [account], inProgress: InteractionStatus.None };
}

export function renderPage(page: ReactNode, path = '/') {
  const queryClient = createQueryClient();
  return render(
    <MemoryRouter initialEntries={[path]}>
      <QueryClientProvider client={queryClient}>{page}</QueryClientProvider>
    </MemoryRouter>,
  );
}
