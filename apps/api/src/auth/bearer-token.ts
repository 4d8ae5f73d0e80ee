// Reading the bearer token from the Authorization header only (RFC 6750 §2.1). The scheme
// is case-insensitive; a token in the query, body or a cookie is never looked at.

export type BearerToken =
  | { readonly kind: 'none' }
  | { readonly kind: 'other-scheme' }
  | { readonly kind: 'token'; readonly token: string };

const whitespace = /\s/;

export function readBearerToken(authorization: unknown): BearerToken {
  if (typeof authorization !== 'string' || authorization.trim() === '') return { kind: 'none' };
  // `Bearer <token>`, by hand rather than with a regular expression: it runs on every request.
  if (authorization.length < 8 || authorization.slice(0, 7).toLowerCase() !== 'bearer ') {
    return { kind: 'other-scheme' };
  }
  const token = authorization.slice(7).trim();
  return token === '' || whitespace.test(token)
    ? { kind: 'other-scheme' }
    : { kind: 'token', token };
}
