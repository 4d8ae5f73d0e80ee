/**
 * Claims of Microsoft Entra ID v2.0 tokens, as the API receives them (access tokens) and
 * the SPA receives them (ID tokens). Optional claims are optional here too: Entra emits
 * many only when configured, and code must not assume them.
 *
 * Reference: Microsoft identity platform "ID token claims reference" and
 * "Access token claims reference" (v2.0).
 */

/** Claims both ID tokens and access tokens carry. */
export interface EntraCommonClaims {
  /** Audience: who the token is for. ID token: the client app's ID. Access token: the API's client ID. */
  aud: string;
  /** Issuer: `https://login.microsoftonline.com/<tenant-id>/v2.0` for v2.0 tokens. */
  iss: string;
  /** Issued at, in seconds since the Unix epoch. */
  iat: number;
  /** Not before: the token is not valid before this time (seconds since the epoch). */
  nbf: number;
  /** Expiration time (seconds since the epoch). */
  exp: number;
  /** Opaque internal claim Entra uses to reuse tokens. Do not depend on it. */
  aio?: string;
  /** Identity provider that authenticated the subject, when it is not the token's issuer (guests). */
  idp?: string;
  /** Display name of the user. Not unique, can change: never use it for authorization. */
  name?: string;
  /** Object ID: the user's immutable ID in this tenant. With `tid`, the key for the user's data. */
  oid: string;
  /** Primary username (usually a UPN or email). Mutable and not verified: display only. */
  preferred_username?: string;
  /** Opaque internal claim Entra uses to revalidate tokens. Do not depend on it. */
  rh?: string;
  /** App roles assigned to the user (or app) for the application the token is for. */
  roles?: string[];
  /** Group object IDs the user belongs to, when the app asks for group claims. */
  groups?: string[];
  /** Session ID of the user's sign-in session. */
  sid?: string;
  /** Subject: a pairwise identifier, unique per user and per application. */
  sub: string;
  /** Tenant ID: the directory the user signed in to. */
  tid: string;
  /** Unique token identifier, used internally by Entra. */
  uti?: string;
  /** Token version: `"2.0"` for v2.0 tokens. */
  ver: '2.0';
}

/** Claims of a v2.0 ID token, issued to the client app (the SPA) about the user. */
export interface EntraIdTokenClaims extends EntraCommonClaims {
  /** The user's email address, when the account has one (optional claim). Not verified for guests. */
  email?: string;
  /** A hint for signing this account in again and out (sent as `login_hint` / `logout_hint`). */
  login_hint?: string;
  /** The nonce from the authorize request; the client checks it to stop token replay. */
  nonce?: string;
  /** Code hash: binds the ID token to the authorization code (hybrid flows). */
  c_hash?: string;
  /** Access-token hash: binds the ID token to an access token issued with it. */
  at_hash?: string;
}

/** Claims of a v2.0 access token, issued to a client app for the API. */
export interface EntraAccessTokenClaims extends EntraCommonClaims {
  /** Authorized party: the client ID of the app that requested the token. */
  azp: string;
  /** How that client authenticated: `0` public client, `1` client secret, `2` certificate. */
  azpacr: '0' | '1' | '2';
  /** Delegated scopes granted, space-separated (e.g. `Tasks.Read Tasks.ReadWrite`). */
  scp?: string;
  /** Token type when requested as an optional claim: `user` (delegated) or `app`. */
  idtyp?: 'user' | 'app';
  /** Directory role template IDs assigned to the user (e.g. Global Administrator). */
  wids?: string[];
  /** Client capabilities the app declared (e.g. `cp1`, able to handle claims challenges). */
  xms_cc?: string[];
  /**
   * Conditional Access authentication contexts the sign-in satisfied (e.g. `["c1"]`): what
   * a step-up (a claims challenge for `acrs`) obtains.
   */
  acrs?: string[];
}

/** Every claim name this package knows. */
export type EntraClaimName = keyof EntraIdTokenClaims | keyof EntraAccessTokenClaims;

/** JOSE header fields of an Entra-issued token. */
export interface EntraTokenHeader {
  /** Signing algorithm: `RS256` for tokens an API validates. */
  alg: string;
  /** ID of the signing key, to pick it from the issuer's JWKS. */
  kid: string;
  /** Token type: `JWT`. */
  typ?: string;
  /** Thumbprint of the signing key's certificate (same value as `kid` at Entra). */
  x5t?: string;
}

export type EntraTokenHeaderName = keyof EntraTokenHeader;
