/**
 * The emulator's dev-only controls (on in the suite's stack: IDP_DEV_CONTROLS=true),
 * the documented way to act on the emulator from a test: rotate its signing key, revoke
 * a user's sessions and refresh tokens. Called over https with the dev CA given
 * explicitly: the test process need not have been started with NODE_EXTRA_CA_CERTS.
 */
import { request } from 'node:https';
import { readLocalhostTls } from '@pixy/dev-certs';
import { stackUrls } from '../stack/stack.js';

function post<T>(path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${stackUrls.idp}${path}`,
      { method: 'POST', ca: readLocalhostTls().ca },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolve(JSON.parse(text) as T);
          else reject(new Error(`POST ${path} answered ${response.statusCode}: ${text}`));
        });
      },
    );
    call.on('error', reject);
    call.end();
  });
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
