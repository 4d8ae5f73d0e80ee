/**
 * The emulator's dev-only controls (on in the suite's stack: IDP_DEV_CONTROLS=true),
 * the documented way to act on the emulator from a test: rotate its signing key, revoke
 * a user's sessions and refresh tokens. Node's fetch trusts the dev CA through
 * NODE_EXTRA_CA_CERTS, which playwright.config.ts sets for the workers.
 */
import { stackUrls } from '../stack/stack.js';

async function post<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stackUrls.idp}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/** The new key signs from now on; the previous one stays published until the next rotation. */
export function rotateSigningKey(): Promise<{ kid: string; published: string[] }> {
  return post('/_dev/keys/rotate');
}

/** Ends the user's sessions and refresh tokens at the emulator. */
export function revokeUser(
  username: string,
): Promise<{ revoked: { sessions: number; refreshTokens: number } }> {
  return post(`/_dev/users/${encodeURIComponent(username)}/revoke`);
}
