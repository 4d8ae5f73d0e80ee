/**
 * The requests Pixy makes to the identity provider: which scopes, and where responses
 * come back. Scope names come from @pixy/auth-contract, never spelled here.
 */
import { allScopes, scopeUri, Scopes, type Scope } from '@pixy/auth-contract';
import { webConfig } from '../../config/web-config';

/** The full scope URI to request for one of the API's scopes, e.g. `api://<id>/Tasks.Read`. */
export function apiScope(scope: Scope): string {
  return scopeUri(webConfig.apiClientId, scope);
}

/**
 * Where full-page redirects (sign-in, consent) come back: the app itself, which handles
 * the response before it renders and then returns to the page the user started on.
 */
export function appRedirectUri(): string {
  return `${window.location.origin}/`;
}

/**
 * Where silent (iframe) and popup requests come back: the tiny redirect-bridge page,
 * so the whole app never boots inside a hidden iframe.
 */
export function bridgeRedirectUri(): string {
  return `${window.location.origin}/redirect.html`;
}

/**
 * Sign-in asks for reading only. Writing is asked for when the user first writes
 * (incremental consent): people consent to what they use, when they use it.
 */
export const signInScope: Scope = Scopes.TasksRead;

/** The API scopes an authentication result carries (full URIs), as short names. */
export function grantedScopes(scopes: readonly string[]): Scope[] {
  return allScopes.filter((scope) => scopes.includes(apiScope(scope)));
}

/**
 * Whether the page's URL carries the identity provider's answer to a sign-in or consent
 * redirect (MSAL asks for it in the fragment: `#code=…&state=…` or `#error=…&state=…`).
 */
export function carriesAuthResponse(hash: string): boolean {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.has('state') && (params.has('code') || params.has('error'));
}
