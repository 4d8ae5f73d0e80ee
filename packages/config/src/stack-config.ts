/**
 * The settings every part of the stack shares: who the tenant is, which app
 * registrations exist, and where the SPA and API live. Defaults run the local stack
 * against the emulator; real Entra ID needs only these variables changed.
 */
import type { ConfigReader } from './config-reader.js';
import { isGuid } from './config-reader.js';

/** The local stack's defaults; `.env.example` documents the same values. */
export const localDefaults = {
  AUTH_TENANT_ID: '9f1c2b3a-7d4e-4c5b-8a69-0e1f2a3b4c5d',
  SPA_CLIENT_ID: '4a6b8c0d-2e4f-4a61-8b7c-9d0e1f2a3b4c',
  API_CLIENT_ID: '6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f',
  OPENAPI_CLIENT_ID: '8e0f2a4b-6c8d-4e0f-a1b2-c3d4e5f6a7b8',
  /** The app-only sample client (client credentials), a confidential client. */
  DAEMON_CLIENT_ID: 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d',
  /**
   * The emulator's well-known development secrets for the confidential clients. They are
   * public (they are in this repository): valid against the local emulator only, and
   * refused by the apps whenever AUTH_AUTHORITY is Entra ID.
   */
  API_CLIENT_SECRET: 'pixy-local-api-secret-not-for-production',
  DAEMON_CLIENT_SECRET: 'pixy-local-daemon-secret-not-for-production',
  /** The Conditional Access authentication context a sensitive action needs (acrs). */
  AUTH_STEP_UP_CONTEXT: 'c1',
  SPA_URL: 'https://localhost:5173',
  API_URL: 'http://localhost:3000',
  /** The emulator's origin; the default authority is `<IDP_ORIGIN>/<AUTH_TENANT_ID>`. */
  IDP_ORIGIN: 'https://localhost:8443',
} as const;

export type Tenancy = 'single' | 'organizations' | 'common';

/** The tenant of personal Microsoft accounts (outlook.com, hotmail.com, …): `consumers`. */
export const personalAccountsTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface StackConfig extends AuthoritySettings {
  readonly spaClientId: string;
  readonly apiClientId: string;
  readonly openApiClientId: string;
  /**
   * The app-only sample client (DAEMON_CLIENT_ID). Against Entra ID it is optional:
   * undefined when not set (the daemon is a sample; the API then accepts no app-only caller
   * unless AUTH_ALLOWED_CLIENT_IDS names one).
   */
  readonly daemonClientId: string | undefined;
  /** The SPA's origin, without a trailing slash. */
  readonly spaUrl: string;
  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
}

const microsoftAuthorityHosts = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
]);

/** Where users sign in (AUTH_TENANT_ID, AUTH_AUTHORITY), and what that authority is. */
export interface AuthoritySettings {
  /** The emulator's tenant (AUTH_TENANT_ID). */
  readonly tenantId: string;
  /** AUTH_AUTHORITY without a trailing slash, e.g. `https://login.microsoftonline.com/<tenant>`. */
  readonly authority: string;
  /**
   * The authority's last path segment, lower case: the tenant's GUID (single-tenant), or
   * `organizations` / `common` (multi-tenant).
   */
  readonly authorityTenantId: string;
  /**
   * `single`: tokens of the authority's own tenant only. `organizations`: any Entra
   * tenant the API allows (AUTH_ALLOWED_TENANTS). `common`: those, plus personal Microsoft
   * accounts when their tenant is allowed.
   */
  readonly tenancy: Tenancy;
  /** The authority's host, e.g. `localhost:8443` (MSAL's knownAuthorities for non-Microsoft hosts). */
  readonly authorityHost: string;
  /** Whether the authority is Microsoft's Entra ID rather than a local emulator. */
  readonly isMicrosoftAuthority: boolean;
}

/** The variables that hold an app registration's client ID. */
export type ClientIdVariable =
  'SPA_CLIENT_ID' | 'API_CLIENT_ID' | 'OPENAPI_CLIENT_ID' | 'DAEMON_CLIENT_ID';

/** Reads AUTH_TENANT_ID and AUTH_AUTHORITY (default: the emulator's authority for that tenant). */
export function readAuthority(reader: ConfigReader): AuthoritySettings {
  const tenantId = reader.guid('AUTH_TENANT_ID', localDefaults.AUTH_TENANT_ID);
  const authority = reader.url('AUTH_AUTHORITY', `${localDefaults.IDP_ORIGIN}/${tenantId}`, {
    protocols: ['https:'],
  });
  const { authorityTenantId, authorityHost, tenancy } = readAuthorityTenant(reader, authority);
  return {
    tenantId,
    authority,
    authorityTenantId,
    tenancy,
    authorityHost,
    isMicrosoftAuthority: isMicrosoftAuthorityHost(authorityHost),
  };
}

/** Whether `host` (e.g. `login.microsoftonline.com`) is one of Microsoft's Entra ID hosts. */
export function isMicrosoftAuthorityHost(host: string): boolean {
  return microsoftAuthorityHosts.has(host.toLowerCase());
}

/**
 * Reads one client ID: a GUID, defaulting to the emulator's registration, which is a
 * problem when the authority is Entra ID (the local IDs exist in no real tenant).
 */
export function readClientId(
  reader: ConfigReader,
  name: ClientIdVariable,
  authority: AuthoritySettings,
): string {
  const value = reader.guid(name, localDefaults[name]);
  if (authority.isMicrosoftAuthority && value === localDefaults[name]) {
    reader.problem(
      `${name} is still the local emulator's default while AUTH_AUTHORITY is Entra ID: ` +
        `run \`pnpm entra:setup\`, or copy the app registration's client ID (docs/entra-id.md).`,
    );
  }
  return value;
}

/** Reads SPA_CLIENT_ID and API_CLIENT_ID, which must name two different registrations. */
export function readSpaAndApiClientIds(
  reader: ConfigReader,
  authority: AuthoritySettings,
): { spaClientId: string; apiClientId: string } {
  const spaClientId = readClientId(reader, 'SPA_CLIENT_ID', authority);
  const apiClientId = readClientId(reader, 'API_CLIENT_ID', authority);
  if (spaClientId === apiClientId) {
    // One registration for both would make the SPA's ID tokens (aud = SPA_CLIENT_ID) valid
    // access tokens for the API.
    reader.problem(
      `SPA_CLIENT_ID and API_CLIENT_ID are the same (${apiClientId}): the SPA and the API need ` +
        `an app registration each, or the SPA's ID tokens would pass as access tokens for the ` +
        `API (docs/entra-id.md, "The three app registrations").`,
    );
  }
  return { spaClientId, apiClientId };
}

/** Reads API_URL: the API's base URL, without a trailing slash. */
export function readApiUrl(reader: ConfigReader): string {
  return reader.url('API_URL', localDefaults.API_URL, { protocols: ['http:', 'https:'] });
}

/**
 * Reads and validates the shared settings. Problems go to `reader`; call
 * `reader.finish()` after reading the app's own variables to fail with all of them.
 */
export function readStackConfig(reader: ConfigReader): StackConfig {
  const authority = readAuthority(reader);
  const { spaClientId, apiClientId } = readSpaAndApiClientIds(reader, authority);
  return {
    ...authority,
    spaClientId,
    apiClientId,
    openApiClientId: readClientId(reader, 'OPENAPI_CLIENT_ID', authority),
    daemonClientId:
      authority.isMicrosoftAuthority && reader.raw('DAEMON_CLIENT_ID') === undefined
        ? undefined
        : readClientId(reader, 'DAEMON_CLIENT_ID', authority),
    spaUrl: reader.url('SPA_URL', localDefaults.SPA_URL, {
      protocols: ['http:', 'https:'],
      originOnly: true,
    }),
    apiUrl: readApiUrl(reader),
  };
}

function readAuthorityTenant(
  reader: ConfigReader,
  authority: string,
): { authorityTenantId: string; authorityHost: string; tenancy: Tenancy } {
  let url: URL;
  try {
    url = new URL(authority);
  } catch {
    // already reported by reader.url
    return { authorityTenantId: '', authorityHost: '', tenancy: 'single' };
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const last = (segments.at(-1) ?? '').toLowerCase();
  const example = `https://login.microsoftonline.com/<your-tenant-id>`;
  let tenancy: Tenancy = 'single';
  if (last === 'v2.0') {
    reader.problem(
      `AUTH_AUTHORITY must not end in /v2.0 (got "${authority}"): use ${example}; ` +
        `Pixy adds /v2.0/.well-known/openid-configuration itself.`,
    );
  } else if (last === 'organizations' || last === 'common') {
    tenancy = last;
  } else if (last === 'consumers') {
    reader.problem(
      `AUTH_AUTHORITY ends in "consumers" (personal Microsoft accounts only), which Pixy does not ` +
        `support: use .../common with AUTH_ALLOWED_TENANTS=${personalAccountsTenantId} ` +
        `(docs/entra-id.md, "Multi-tenant").`,
    );
  } else if (!isGuid(last)) {
    reader.problem(
      `AUTH_AUTHORITY must end in the tenant ID, a GUID, as in ${example}, or in /organizations ` +
        `or /common for a multi-tenant API (got "${authority}"). A domain name such as ` +
        `contoso.onmicrosoft.com does not match the tokens' tid claim.`,
    );
  }
  return { authorityTenantId: last, authorityHost: url.host, tenancy };
}
