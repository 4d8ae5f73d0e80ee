/**
 * Calling the API directly with a token the SPA obtained for a user (read from the
 * browser's traffic), as an attacker or a script with that token would.
 */
import { stackUrls } from '../stack/stack.js';

export interface ApiAnswer {
  readonly status: number;
  readonly wwwAuthenticate: string | null;
  readonly body: unknown;
}

export async function callApi(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(`${stackUrls.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    body: parsed,
  };
}
