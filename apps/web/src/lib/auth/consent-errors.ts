/**
 * Recognising a refused consent in MSAL's errors. Entra (and the emulator) refuse a
 * scope the user cannot or will not consent to with `access_denied` (interactive),
 * `consent_required` (silent, prompt=none) or AADSTS65001 (token endpoint).
 */
import { AuthError, BrowserAuthErrorCodes } from '@azure/msal-browser';

const refusalCodes = new Set(['access_denied', 'consent_required']);

export function isConsentRefusal(error: unknown): boolean {
  if (!(error instanceof AuthError)) return false;
  return (
    refusalCodes.has(error.errorCode) ||
    error.subError === 'consent_required' ||
    ('errorNo' in error && error.errorNo === '65001') ||
    error.errorMessage.includes('AADSTS65001')
  );
}

/** Another sign-in or consent is already under way in this tab. */
export function isInteractionInProgress(error: unknown): boolean {
  return (
    error instanceof AuthError && error.errorCode === BrowserAuthErrorCodes.interactionInProgress
  );
}
