/**
 * The configuration the SPA was built with. vite.config.ts validates it (with
 * @pixy/config) and inlines it as `__PIXY_WEB_CONFIG__`; nothing else reaches the bundle.
 */
export interface WebConfig {
  /** AUTH_AUTHORITY: where users sign in, `https://<host>/<tenant-id>`. */
  readonly authority: string;
  /** Authority hosts MSAL trusts without Microsoft's instance discovery (empty for Entra ID). */
  readonly knownAuthorities: readonly string[];
  /** SPA_CLIENT_ID: the SPA's app registration. */
  readonly spaClientId: string;
  /** API_CLIENT_ID: the API's app registration; its scopes are `api://<id>/<scope>`. */
  readonly apiClientId: string;
  /** API_URL: the API's base URL, without a trailing slash. */
  readonly apiUrl: string;
}

declare const __PIXY_WEB_CONFIG__: WebConfig;

export const webConfig: WebConfig = __PIXY_WEB_CONFIG__;
