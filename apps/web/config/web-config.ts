/**
 * Picking the values the SPA is built with out of the validated stack configuration.
 * An SPA holds no secrets, so the list is explicit: a variable added to .env for the API
 * can never leak into the bundle. Called once, by vite.config.ts.
 */
import type { StackConfig } from '@pixy/config';
import type { WebConfig } from '../src/config/web-config.ts';

export function webConfigFrom(stack: StackConfig): WebConfig {
  return {
    authority: stack.authority,
    // MSAL knows Microsoft's own hosts; any other (the local emulator) must be listed,
    // or MSAL asks login.microsoftonline.com about it and fails offline.
    knownAuthorities: stack.isMicrosoftAuthority ? [] : [stack.authorityHost],
    spaClientId: stack.spaClientId,
    apiClientId: stack.apiClientId,
    apiUrl: stack.apiUrl,
  };
}
