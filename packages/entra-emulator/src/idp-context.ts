/** What every endpoint of a running emulator shares: its tenant, directory, keys and memory. */
import type { Directory } from './directory.js';
import type { IdpState } from './idp-state.js';
import type { SignInFormGuard } from './sign-in-form-guard.js';
import type { SigningKeys } from './signing-keys.js';

/** Lifetimes in seconds. */
export interface TokenLifetimes {
  readonly accessToken: number;
  readonly idToken: number;
  readonly refreshToken: number;
  readonly authorizationCode: number;
}

export interface IdpContext {
  /** `https://localhost:<port>`: the scheme, host and port of the authority and the issuer. */
  readonly origin: string;
  readonly tenantId: string;
  /** `<origin>/<tenant>/v2.0`, as Entra's v2.0 issuer. */
  readonly issuer: string;
  readonly paths: EndpointPaths;
  readonly directory: Directory;
  readonly lifetimes: TokenLifetimes;
  readonly keys: SigningKeys;
  readonly state: IdpState;
  /** Origins allowed to call the token endpoint from a browser: the clients' redirect URI origins. */
  readonly corsOrigins: ReadonlySet<string>;
  /** Refuses form posts that do not come from the emulator's own pages. */
  readonly formGuard: SignInFormGuard;
}

export interface EndpointPaths {
  readonly discovery: string;
  readonly authorize: string;
  readonly token: string;
  readonly keys: string;
  readonly logout: string;
}

/** Entra's v2.0 layout under `/<tenant>`. */
export function endpointPaths(tenantId: string): EndpointPaths {
  return {
    discovery: `/${tenantId}/v2.0/.well-known/openid-configuration`,
    authorize: `/${tenantId}/oauth2/v2.0/authorize`,
    token: `/${tenantId}/oauth2/v2.0/token`,
    keys: `/${tenantId}/discovery/v2.0/keys`,
    logout: `/${tenantId}/oauth2/v2.0/logout`,
  };
}
