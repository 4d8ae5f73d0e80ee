/**
 * Verifying a token the emulator itself issued, as its own resources do: the on-behalf-of
 * grant (the incoming access token) and the emulated Microsoft Graph. Signed by one of the
 * published keys of the right set (an organization's token by the organizations' key, a
 * personal account's by theirs), issued by the token's own tenant, and not expired on the
 * emulator's clock.
 */
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { issuerOf } from './authorities.js';
import { personalAccountsTenantId } from './emulator-config.js';
import type { EmulatorContext } from './emulator-context.js';

export type IssuedTokenProblem = 'malformed' | 'signature' | 'expired';

/** Why a token is not one the emulator issued and still honours. */
export class IssuedTokenError extends Error {
  override readonly name = 'IssuedTokenError';
  constructor(
    readonly problem: IssuedTokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/** The claims of a token the emulator issued; throws IssuedTokenError otherwise. */
export async function verifyIssuedToken(
  emulator: EmulatorContext,
  token: string,
): Promise<JWTPayload> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new IssuedTokenError('malformed', 'The token is not a JWT.');
  }
  const found = kid === undefined ? undefined : emulator.keys.find(kid);
  if (!found) {
    throw new IssuedTokenError(
      'signature',
      'The token was not signed by a key this emulator publishes (an unknown or retired kid).',
    );
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, found.key.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(emulator.state.now()),
      requiredClaims: ['exp', 'iat', 'tid'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new IssuedTokenError('expired', `The token expired (${error.message}).`);
    }
    throw new IssuedTokenError(
      'signature',
      `The token failed validation (${(error as Error).message}).`,
    );
  }
  const tid = String(payload.tid);
  const personal = tid === personalAccountsTenantId;
  if (payload.iss !== issuerOf(emulator.origin, tid) || personal !== (found.set === 'personal')) {
    throw new IssuedTokenError(
      'signature',
      `The token's issuer ${String(payload.iss)} does not match its tenant ${tid} and signing key.`,
    );
  }
  return payload;
}

/** Whether claims are an app-only token's: `idtyp` app, or (without `idtyp`) no `scp` and `oid` = `sub`. */
export function isAppOnly(claims: JWTPayload): boolean {
  if (claims.idtyp !== undefined) return claims.idtyp === 'app';
  return claims.scp === undefined && claims.oid !== undefined && claims.oid === claims.sub;
}
