/**
 * Turning MSAL's errors into a sentence that says what to fix. Error codes are MSAL's
 * and the identity provider's; the hints are about this stack.
 */
import { AuthError } from '@azure/msal-browser';
import { webConfig } from '../../../app/web-config';

export function describeAuthError(error: unknown): string {
  if (!(error instanceof AuthError)) {
    return error instanceof Error ? error.message : String(error);
  }
  switch (error.errorCode) {
    case 'endpoints_resolution_error':
      return (
        `Cannot reach the identity provider at ${webConfig.authority}. Is it running ` +
        `(locally: pnpm --filter @pixy/idp start, or pnpm dev), and does the browser trust ` +
        `its certificate (pnpm certs:trust)?`
      );
    case 'user_cancelled':
      return 'Sign-in was cancelled.';
    case 'access_denied':
      return 'The identity provider refused the request (access_denied). Try another account.';
    default:
      return `Sign-in did not complete (${error.errorCode}): ${error.errorMessage || error.message}`;
  }
}
