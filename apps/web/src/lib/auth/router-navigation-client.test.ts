import type { NavigationOptions } from '@azure/msal-browser';
import { describe, expect, it, vi } from 'vitest';
import { RouterNavigationClient } from './router-navigation-client';

const options = { timeout: 1000, noHistory: true } as NavigationOptions;

describe('RouterNavigationClient', () => {
  it('before the router exists, replaces the URL in place so the router starts there', async () => {
    window.history.replaceState(null, '', '/');
    const client = new RouterNavigationClient();

    const pageLoads = await client.navigateInternal(
      `${window.location.origin}/tokens?tab=id#top`,
      options,
    );

    expect(window.location.pathname + window.location.search + window.location.hash).toBe(
      '/tokens?tab=id#top',
    );
    expect(pageLoads).toBe(false); // MSAL handles the response now, no reload is coming
  });

  it('takes a router connected afterwards to where MSAL went before it', async () => {
    window.history.replaceState(null, '', '/');
    const client = new RouterNavigationClient();
    await client.navigateInternal(`${window.location.origin}/tokens`, options);

    const navigate = vi.fn();
    client.attach(navigate);

    expect(navigate).toHaveBeenCalledWith('/tokens', { replace: true });
  });

  it('once attached, navigates client-side through the router', async () => {
    const navigate = vi.fn();
    const client = new RouterNavigationClient();
    client.attach(navigate);

    await expect(
      client.navigateInternal(`${window.location.origin}/tasks`, { ...options, noHistory: false }),
    ).resolves.toBe(false);

    expect(navigate).toHaveBeenCalledWith('/tasks', { replace: false });
  });
});
