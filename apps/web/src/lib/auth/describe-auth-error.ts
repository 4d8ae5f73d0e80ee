/**
 * Turning MSAL's errors into a sentence that says what to fix. Error codes are MSAL's
 * and the identity provider's; the hints are about this stack.
 */
import { AuthError, ServerError } from '@azure/msal-browser';
import { webConfig } from '../../config/web-config';

export function describeAuthError(error: unknown): string {
  if (!(error instanceof AuthError)) {
    return error instanceof Error ? error.message : String(error);
  }
  switch (error.errorCode) {
    case 'endpoints_resolution_error':
      return (
        `Cannot reach the identity provider at ${webConfig.authority}. Is it running ` +
        `(locally: pnpm --filter @pixy/local-idp start, or pnpm dev), and does the browser trust ` +
        `its certificate (pnpm certs:trust)?`
      );
    case 'user_cancelled':
      return 'Sign-in was cancelled.';
    case 'access_denied':
      return 'The identity provider refused the request (access_denied). Try another account.';
    default: {
      const message = `Sign-in did not complete (${error.errorCode}): ${error.errorMessage || error.message}`;
      const errorNo = error instanceof ServerError ? error.errorNo : undefined;
      const hint = entraHint(errorNo ?? /AADSTS(\d+)/.exec(error.errorMessage)?.[1]);
      return hint ? `${message} ${hint}` : message;
    }
  }
}

/**
 * What to fix for the Entra ID errors a misconfigured registration causes. Entra shows
 * some of them on its own page instead (AADSTS50011: the redirect URI itself is wrong);
 * docs/entra-id.md explains each.
 */
function entraHint(code: string | undefined): string | undefined {
  const origin = window.location.origin;
  switch (code) {
    case '9002326':
      return (
        `Fix: ${origin}/ is registered under the Web platform; register it (and ${origin}/redirect.html) ` +
        `under "Single-page application" instead — pnpm entra:setup does this (docs/entra-id.md).`
      );
    case '50011':
      return (
        `Fix: register ${origin}/ and ${origin}/redirect.html as Single-page application redirect URIs ` +
        `of SPA_CLIENT_ID, or open the app at its configured SPA_URL (docs/entra-id.md).`
      );
    case '700016':
      return `Fix: SPA_CLIENT_ID ${webConfig.spaClientId} is not an app registration in the tenant of AUTH_AUTHORITY (${webConfig.authority}).`;
    case '500011':
      return `Fix: API_CLIENT_ID ${webConfig.apiClientId} is wrong, or the API registration has no application ID URI (api://${webConfig.apiClientId}) or enterprise application.`;
    case '50020':
      return 'Fix: this account belongs to another tenant; sign in with an account of the tenant in AUTH_AUTHORITY.';
    default:
      return undefined;
  }
}
