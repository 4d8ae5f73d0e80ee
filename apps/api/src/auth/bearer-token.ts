// Reading the bearer token from the Authorization header only (RFC 6750 §2.1). The scheme
// is case-insensitive; a token in the query, body or a cookie is never looked at.

export type BearerToken =
  | { readonly kind: 'none' }
  | { readonly kind: 'other-scheme' }
  | { readonly kind: 'token'; readonly token: string };

const bearer = /^bearer +(\S+) *$/i;

export function readBearerToken(authorization: unknown): BearerToken {
  if (typeof authorization !== 'string' || authorization.trim() === '') return { kind: 'none' };
  const match = bearer.exec(authorization);
  return match ? { kind: 'token', token: match[1]! } : { kind: 'other-scheme' };
}
