/** Reading requests and writing responses with node:http, the few ways the emulator needs. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EntraError } from './entra-errors.js';

/** Enough for any OAuth request; more is an attack or a bug. */
const maxBodyBytes = 64 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      throw new EntraError(
        'invalid_request',
        90023,
        `The request body exceeds ${maxBodyBytes} bytes.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body of an `application/x-www-form-urlencoded` POST, as OAuth endpoints take it. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    throw new EntraError(
      'invalid_request',
      900561,
      `The endpoint only accepts POST requests with Content-Type application/x-www-form-urlencoded (got "${type}").`,
    );
  }
  return new URLSearchParams(await readBody(req));
}

/**
 * A single-valued parameter. OAuth forbids repeating one (RFC 6749 §3.1), and taking
 * the first of two would let an attacker smuggle a value past a check of the other.
 */
export function param(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) {
    throw new EntraError(
      'invalid_request',
      9000411,
      `The request is not properly formatted: the parameter '${name}' is duplicated.`,
    );
  }
  const value = values[0];
  return value === undefined || value === '' ? undefined : value;
}

export function requiredParam(params: URLSearchParams, name: string): string {
  const value = param(params, name);
  if (value === undefined) {
    throw new EntraError(
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    );
  }
  return value;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/**
 * Pages only style themselves, and nobody may frame them (clickjacking the sign-in buttons).
 * No referrer leaves for another origin (the authorize URL carries the request), while the
 * pages' own form posts keep their `Origin`: with `no-referrer`, browsers send `Origin: null`.
 */
const pageSecurityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    ...pageSecurityHeaders,
    ...headers,
  });
  res.end(html);
}

export function redirect(
  res: ServerResponse,
  location: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
