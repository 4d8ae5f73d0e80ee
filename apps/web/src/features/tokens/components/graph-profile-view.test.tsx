import type { GraphProfile, ProblemDetails } from '@pixy/api-contract';
import { defaultScopeUri } from '@pixy/auth-contract';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { webConfig } from '../../../config/web-config';
import {
  fakeMsal,
  msalContext,
  renderPage,
  testAccount,
  type FakeMsal,
} from '../../../../test-support/fake-msal';
import { GraphProfileView } from './graph-profile-view';

const alice = testAccount('Alice Adams', 'alice@pixy.test');
let msal: FakeMsal;

vi.mock('@azure/msal-react', () => ({
  useMsal: () => msalContext(msal, alice),
  useAccount: () => alice,
  useIsAuthenticated: () => true,
}));

function answer(response: Response) {
  const fetch = vi.fn(() => Promise.resolve(response));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('Microsoft Graph profile', () => {
  beforeEach(() => {
    msal = fakeMsal(alice);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows the profile the API read from Graph', async () => {
    const fetch = answer(
      Response.json({
        displayName: 'Alice Adams',
        mail: 'alice@pixy.test',
        jobTitle: 'Engineer',
        officeLocation: null,
      } satisfies GraphProfile),
    );
    renderPage(<GraphProfileView />, '/tokens');

    expect(screen.getByRole('heading', { name: 'Microsoft Graph profile' })).toBeInTheDocument();
    expect(await screen.findByText('Engineer')).toBeInTheDocument();
    expect(screen.getByText('alice@pixy.test')).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith(
      `${webConfig.apiUrl}/api/me/profile`,
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('offers the consent step when the API may not call Graph for the user yet', async () => {
    answer(
      Response.json(
        {
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
          code: 'consent_required',
          detail:
            'This API reads your profile from Microsoft Graph for you, which needs your consent.',
          consentScopes: ['https://graph.microsoft.com/User.Read'],
        } satisfies ProblemDetails,
        { status: 403, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    renderPage(<GraphProfileView />, '/tokens');

    expect(await screen.findByText(/needs your consent/)).toBeInTheDocument();
    expect(screen.getByText('https://graph.microsoft.com/User.Read')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Grant access' }));

    // Combined consent: the API's .default, which lists the API's own Graph permission.
    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith(
      expect.objectContaining({
        scopes: [defaultScopeUri(webConfig.apiClientId)],
        prompt: 'consent',
        redirectStartPage: window.location.href,
      }),
    );
  });

  it('offers to try again when Graph is down', async () => {
    answer(
      Response.json(
        {
          type: 'about:blank',
          title: 'Bad Gateway',
          status: 502,
          code: 'graph_unavailable',
          detail: 'Microsoft Graph could not answer for you right now. Try again shortly.',
        } satisfies ProblemDetails,
        { status: 502, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    renderPage(<GraphProfileView />, '/tokens');

    expect(await screen.findByRole('alert')).toHaveTextContent('Microsoft Graph could not answer');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Grant access' })).not.toBeInTheDocument();
  });
});
