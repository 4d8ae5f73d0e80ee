/** Reading a JWT's header and claims in a test, to say which key signed it (never to trust it). */
function decodePart(part: string | undefined): Record<string, unknown> {
  if (!part) throw new Error('Not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function jwtHeader(token: string): Record<string, unknown> {
  return decodePart(token.split('.')[0]);
}

export function jwtClaims(token: string): Record<string, unknown> {
  return decodePart(token.split('.')[1]);
}
