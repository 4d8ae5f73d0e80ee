/**
 * Keeps other sites from posting the emulator's forms (sign-in CSRF: a page elsewhere
 * posting `user=ada` would sign the visitor's browser in as the admin test user). A post
 * must come from the emulator's own page, which two independent checks establish:
 *
 * - the browser's own account of where the post comes from: `Sec-Fetch-Site` must be
 *   `same-origin` (or `none`), and `Origin`, when sent, the emulator's origin;
 * - a form nonce bound to this browser and this authorize request: an HMAC of a random
 *   cookie (`SameSite=Strict`, so a cross-site post never carries it, and unreadable by
 *   other sites) and of the request's parameters, so a nonce is good for one request only.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { EntraError } from './entra-errors.js';
import { readCookie } from './http-io.js';

export const formCookie = 'entra_emulator_form';
/** The hidden field that carries the nonce. */
export const formNonceField = 'form_nonce';
/** Fields the emulator's pages add to the request's parameters; not part of the nonce. */
const pageFields = new Set([formNonceField, 'user', 'step', 'decision']);

export class SignInFormGuard {
  private readonly key = randomBytes(32);

  constructor(private readonly origin: string) {}

  /**
   * The nonce for a page that posts `params` back, and the cookie to set when this
   * browser has none yet. Pages call it for every form they render.
   */
  nonceFor(
    req: IncomingMessage,
    params: URLSearchParams,
  ): { nonce: string; setCookie: string | undefined } {
    const existing = readCookie(req, formCookie);
    const binding = existing ?? randomBytes(32).toString('base64url');
    return {
      nonce: this.mac(binding, params),
      setCookie:
        existing === undefined
          ? `${formCookie}=${binding}; Path=/; Secure; HttpOnly; SameSite=Strict`
          : undefined,
    };
  }

  /** Throws unless `req`, a POST of one of the emulator's forms, comes from its own page. */
  checkPost(req: IncomingMessage, params: URLSearchParams): void {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (
      (site !== undefined && site !== 'same-origin' && site !== 'none') ||
      (origin !== undefined && origin !== this.origin)
    ) {
      throw crossSite(`it came from ${origin ?? `a ${String(site)} page`}`);
    }
    const binding = readCookie(req, formCookie);
    const nonce = params.get(formNonceField);
    if (binding === undefined || nonce === null) {
      throw crossSite('it lacks the form nonce and cookie of the page the emulator showed');
    }
    const expected = Buffer.from(this.mac(binding, params));
    const actual = Buffer.from(nonce);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw crossSite('its form nonce was not issued to this browser for this request');
    }
  }

  private mac(binding: string, params: URLSearchParams): string {
    const request = [...params]
      .filter(([name]) => !pageFields.has(name))
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .sort()
      .join('&');
    return createHmac('sha256', this.key).update(`${binding}\n${request}`).digest('base64url');
  }
}

function crossSite(why: string): EntraError {
  return new EntraError(
    'invalid_request',
    90023,
    `The sign-in form was refused because ${why}. The emulator accepts its forms only from its ` +
      `own pages (this stops other sites from signing your browser in as someone else). ` +
      `Start the sign-in again from the app.`,
  );
}
