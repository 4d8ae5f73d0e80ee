/**
 * The consent step for what the API does on the user's behalf elsewhere (its Microsoft
 * Graph call, on-behalf-of). Consenting to this app does not cover the API's own
 * permissions; asking for the API's `/.default` with `prompt=consent` does, when the API
 * registration lists this app in `knownClientApplications` ("combined consent"): the
 * identity provider's consent screen then shows the API's permissions, Graph's included,
 * and one acceptance covers them (docs/downstream-apis.md#consent).
 */
import { useAccount, useMsal } from '@azure/msal-react';
import { defaultScopeUri } from '@pixy/auth-contract';
import { useCallback } from 'react';
import { webConfig } from '../../config/web-config';
import { appRedirectUri } from './auth-requests';
import { isInteractionInProgress } from './consent-errors';

/** Starts the consent redirect; comes back to the page the user is on. */
export function useConsentStep(): () => Promise<void> {
  const { instance } = useMsal();
  const account = useAccount();
  return useCallback(async () => {
    try {
      await instance.acquireTokenRedirect({
        ...(account ? { account } : {}),
        scopes: [defaultScopeUri(webConfig.apiClientId)],
        prompt: 'consent',
        redirectUri: appRedirectUri(),
        redirectStartPage: window.location.href,
      });
    } catch (error) {
      if (!isInteractionInProgress(error)) throw error;
    }
  }, [instance, account]);
}
