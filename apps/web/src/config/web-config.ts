/**
 * The configuration the SPA runs with, read at run time: /config.js, loaded by index.html
 * before the app, sets `window.pixyConfig` to the values an operator sets (AUTH_AUTHORITY,
 * SPA_CLIENT_ID, API_CLIENT_ID, API_URL). The server writes it from its environment when it
 * starts (the web image; `pnpm --filter @pixy/web runtime-config` for static hosts); the dev
 * and preview servers serve it from .env. So one build runs in every environment.
 *
 * It is validated here with the rules the Node apps use. When it is invalid, main.tsx shows
 * `webConfigProblems` instead of starting the app, and `webConfig` is never read.
 */
import { parseWebRuntimeConfig, webConfigGlobal, type WebConfig } from '@pixy/config/stack';

export type { WebConfig };

const result = parseWebRuntimeConfig(
  (window as unknown as Record<string, unknown>)[webConfigGlobal],
);

/** What is wrong with /config.js, one sentence per variable; undefined when it is valid. */
export const webConfigProblems: readonly string[] | undefined = result.problems;

export const webConfig: WebConfig = result.config ?? {
  authority: '',
  knownAuthorities: [],
  spaClientId: '',
  apiClientId: '',
  apiUrl: '',
};
