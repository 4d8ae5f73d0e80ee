/**
 * The SPA's configuration: four values an operator sets (AUTH_AUTHORITY, SPA_CLIENT_ID,
 * API_CLIENT_ID, API_URL), validated with the rules every app uses. It reaches the SPA at
 * run time, as /config.js, so one build runs in every environment; the browser validates
 * it again with this module (through `@pixy/config/stack`, which needs no Node API). An
 * SPA holds no secrets, so the list is explicit: a variable added for the API can never
 * reach the browser.
 */
import { ConfigError, ConfigReader } from './config-reader.js';
import { readApiUrl, readAuthority, readSpaAndApiClientIds } from './stack-config.js';

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

/** What /config.js holds, field by field, and the variable each comes from. */
export const webConfigVariables = {
  authority: 'AUTH_AUTHORITY',
  spaClientId: 'SPA_CLIENT_ID',
  apiClientId: 'API_CLIENT_ID',
  apiUrl: 'API_URL',
} as const;

/** The values /config.js sets (knownAuthorities follows from the authority). */
export type WebRuntimeConfig = { readonly [field in keyof typeof webConfigVariables]: string };

/** The global /config.js assigns: `window.pixyConfig`. */
export const webConfigGlobal = 'pixyConfig';

/** Reads the SPA's values; problems go to `reader` (call `reader.finish()`). */
export function readWebConfig(reader: ConfigReader): WebConfig {
  const authority = readAuthority(reader);
  const { spaClientId, apiClientId } = readSpaAndApiClientIds(reader, authority);
  return {
    authority: authority.authority,
    // MSAL knows Microsoft's own hosts; any other (the local emulator) must be listed,
    // or MSAL asks login.microsoftonline.com about it and fails offline.
    knownAuthorities: authority.isMicrosoftAuthority ? [] : [authority.authorityHost],
    spaClientId,
    apiClientId,
    apiUrl: readApiUrl(reader),
  };
}

export function webRuntimeConfig(config: WebConfig): WebRuntimeConfig {
  return {
    authority: config.authority,
    spaClientId: config.spaClientId,
    apiClientId: config.apiClientId,
    apiUrl: config.apiUrl,
  };
}

/** /config.js: one assignment of plain data, loaded by index.html before the app. */
export function renderWebConfigScript(config: WebConfig): string {
  return `window.${webConfigGlobal} = ${JSON.stringify(webRuntimeConfig(config))};\n`;
}

/** The `${PIXY_…}` values a static server's configuration is written with. */
export type StaticServerValues = {
  /** /config.js's data (window.pixyConfig). */
  readonly PIXY_CONFIG_JSON: string;
  /** The API's origin, which the Content-Security-Policy lets the SPA connect to. */
  readonly PIXY_API_ORIGIN: string;
  /** The identity provider's origin (connect-src, and frame-src for silent renewal). */
  readonly PIXY_AUTHORITY_ORIGIN: string;
};

/**
 * The values apps/web/hosting's server configurations are written with: the web image's
 * nginx template (its entrypoint computes them in shell: hosting/nginx/*.envsh) and
 * staticwebapp.config.json (`pnpm --filter @pixy/web runtime-config`).
 */
export function staticServerValues(config: WebConfig): StaticServerValues {
  return {
    PIXY_CONFIG_JSON: JSON.stringify(webRuntimeConfig(config)),
    PIXY_API_ORIGIN: new URL(config.apiUrl).origin,
    PIXY_AUTHORITY_ORIGIN: new URL(config.authority).origin,
  };
}

export type WebConfigResult =
  | { readonly config: WebConfig; readonly problems?: undefined }
  | { readonly config?: undefined; readonly problems: readonly string[] };

/**
 * Validates what /config.js set (`window.pixyConfig`): every field is required (no local
 * default is assumed in a browser), then the same rules as the Node apps. Each problem
 * names the variable to fix.
 */
export function parseWebRuntimeConfig(value: unknown): WebConfigResult {
  if (typeof value !== 'object' || value === null) {
    return {
      problems: [
        `/config.js did not set window.${webConfigGlobal}: the server must serve it, written from ` +
          `${Object.values(webConfigVariables).join(', ')} (docs/deploy.md).`,
      ],
    };
  }
  const fields = value as Record<string, unknown>;
  const env: Record<string, string> = {};
  const problems: string[] = [];
  for (const [field, variable] of Object.entries(webConfigVariables)) {
    const given = fields[field];
    if (typeof given === 'string' && given.trim() !== '') env[variable] = given;
    else problems.push(`${variable} is not set (/config.js has no "${field}").`);
  }
  if (problems.length > 0) return { problems };
  const reader = new ConfigReader(env);
  const config = readWebConfig(reader);
  try {
    reader.finish();
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
  return { config };
}
