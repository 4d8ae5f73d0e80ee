/**
 * The emulator's dev-only controls (on in the suite's stack: IDP_DEV_CONTROLS=true), the
 * documented way to act on the emulator from a test, through the emulator package's typed
 * client: rotate its signing keys, revoke a user, inject failures, move its clock. Called
 * over https with the dev CA given explicitly: the test process need not have been
 * started with NODE_EXTRA_CA_CERTS.
 */
import { readLocalhostTls } from '@pixy/dev-certs';
import { DevControlsClient } from '@pixy/entra-emulator';
import { stackUrls } from '../stack/stack.js';

export const devControls = new DevControlsClient(stackUrls.idp, { ca: readLocalhostTls().ca });

/** The new key signs from now on; the previous one stays published until the next rotation. */
export function rotateSigningKey(): Promise<{ kid: string; published: readonly string[] }> {
  return devControls.rotateSigningKeys();
}

/** Ends the user's sessions and refresh tokens at the emulator. */
export function revokeUser(
  username: string,
): Promise<{ revoked: { sessions: number; refreshTokens: number } }> {
  return devControls.revokeUser(username);
}
