/**
 * Getting an access token for one of the API's scopes: the one place the app asks MSAL
 * for tokens. Silent first (cache, then refresh token, then the hidden iframe); when
 * the identity provider needs the user (sign-in or consent), one redirect per scope;
 * if that scope still cannot be had, a remembered PermissionDeniedError — never a loop.
 * With the claims of a claims challenge: the refresh token (never the cache, which holds
 * the token the API just refused), then a redirect carrying the claims.
 */
import {
  CacheLookupPolicy,
  InteractionRequiredAuthError,
  ServerError,
  type AccountInfo,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import type { Scope } from '@pixy/auth-contract';
import type { GetAccessToken } from '../api-client';
import { ApiError, PermissionDeniedError, RedirectingError } from '../api-errors';
import { apiScope, appRedirectUri } from './auth-requests';
import { isInteractionInProgress } from './consent-errors';
import { describeAuthError } from './describe-auth-error';
import type { PermissionMemory } from './permission-memory';

export interface AccessTokenDeps {
  readonly msal: Pick<IPublicClientApplication, 'acquireTokenSilent' | 'acquireTokenRedirect'>;
  readonly account: AccountInfo;
  readonly memory: PermissionMemory;
  /** Shared by every getter of the page: once one redirect starts, nobody starts another. */
  readonly redirect?: { started: boolean };
}

const pageRedirect = { started: false };

export function createAccessTokenGetter(deps: AccessTokenDeps): GetAccessToken {
  const { msal, account, memory, redirect = pageRedirect } = deps;
  const accountId = account.homeAccountId;

  return async (scope, { forceRefresh = false, interactive = true, claims } = {}) => {
    if (memory.isDenied(accountId, scope)) throw new PermissionDeniedError({ scope });
    if (redirect.started) throw new RedirectingError();
    if (claims !== undefined) return tokenWithClaims(deps, scope, claims, interactive, redirect);

    try {
      const result = await msal.acquireTokenSilent({
        account,
        scopes: [apiScope(scope)],
        forceRefresh,
      });
      memory.grant(accountId, scope);
      return result.accessToken;
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) {
        throw new ApiError('token', describeAuthError(error));
      }
      if (redirect.started) throw new RedirectingError();
      if (!interactive) {
        throw new ApiError('token', 'Your sign-in needs renewing: open a page or sign in again.');
      }
      // Asked interactively already and still not granted: the user refused, or cannot
      // consent. Asking again would send them round in a loop; explain instead.
      if (memory.wasAsked(accountId, scope)) {
        memory.deny(accountId, scope);
        throw new PermissionDeniedError({ scope });
      }
      await redirectForScope(deps, scope, redirect);
      throw new RedirectingError();
    }
  };
}

async function tokenWithClaims(
  { msal, account }: AccessTokenDeps,
  scope: Scope,
  claims: string,
  interactive: boolean,
  redirect: { started: boolean },
): Promise<string> {
  try {
    // The refresh token may already satisfy the claims (a step-up done earlier in this
    // session). The hidden iframe would only repeat its answer, one round trip later.
    const result = await msal.acquireTokenSilent({
      account,
      scopes: [apiScope(scope)],
      claims,
      cacheLookupPolicy: CacheLookupPolicy.RefreshToken,
    });
    return result.accessToken;
  } catch (error) {
    // invalid_grant: the refresh token is revoked or expired (AADSTS50173 after a
    // revocation, the usual cause of a CAE challenge); a sign-in with the claims fixes it.
    const needsUser =
      error instanceof InteractionRequiredAuthError ||
      (error instanceof ServerError && error.errorCode === 'invalid_grant');
    if (!needsUser) throw new ApiError('token', describeAuthError(error));
  }
  if (redirect.started) throw new RedirectingError();
  if (!interactive) {
    throw new ApiError('token', 'The API asks you to sign in again: open the page to continue.');
  }
  redirect.started = true;
  try {
    await msal.acquireTokenRedirect({
      account,
      scopes: [apiScope(scope)],
      claims,
      redirectUri: appRedirectUri(),
      redirectStartPage: window.location.href, // back to this page, to finish what it started
    });
  } catch (error) {
    if (!isInteractionInProgress(error)) {
      redirect.started = false;
      throw new ApiError('token', describeAuthError(error));
    }
  }
  throw new RedirectingError();
}

async function redirectForScope(
  { msal, account, memory }: AccessTokenDeps,
  scope: Scope,
  redirect: { started: boolean },
): Promise<void> {
  memory.markAsked(account.homeAccountId, scope);
  redirect.started = true;
  try {
    await msal.acquireTokenRedirect({
      account,
      scopes: [apiScope(scope)],
      redirectUri: appRedirectUri(),
      redirectStartPage: window.location.href, // come back to this page, not to /
    });
  } catch (error) {
    if (isInteractionInProgress(error)) return; // someone else's redirect is under way
    redirect.started = false;
    memory.unmarkAsked(account.homeAccountId, scope);
    throw error;
  }
}
