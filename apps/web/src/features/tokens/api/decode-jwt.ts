/**
 * Decoding a JWT's header and claims for display. Decoding is not verifying: anyone can
 * read (or forge) these parts; only a signature check against the issuer's keys, done
 * by the API, says they are genuine. Nothing here checks or trusts anything.
 */

export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

export class MalformedTokenError extends Error {
  override readonly name = 'MalformedTokenError';
}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new MalformedTokenError(`A JWT has 3 dot-separated parts; this has ${parts.length}.`);
  }
  return { header: decodePart(parts[0]!, 'header'), claims: decodePart(parts[1]!, 'claims') };
}

function decodePart(part: string, name: string): Record<string, unknown> {
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new MalformedTokenError(`The token's ${name} is not base64url-encoded JSON.`);
}
