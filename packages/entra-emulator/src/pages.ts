/**
 * The emulator's HTML: the sign-in page, error pages and the signed-out page. Every page
 * says it is a local development identity provider, and every value that came from a
 * request is HTML-escaped.
 */
import type { ClientApp, TestUser } from './directory.js';
import type { EntraError } from './entra-errors.js';
import { formNonceField } from './sign-in-form-guard.js';

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface SignInPage {
  readonly client: ClientApp;
  readonly users: readonly TestUser[];
  /** The user the app suggested with `login_hint`: focused and listed first. */
  readonly hinted: TestUser | undefined;
  /** Where the form posts: the authorize endpoint. */
  readonly action: string;
  /** The authorize request's parameters, posted back with the chosen user. */
  readonly params: URLSearchParams;
  /** The form nonce that proves the post comes from this page (sign-in-form-guard.ts). */
  readonly nonce: string;
}

export function signInPage(page: SignInPage): string {
  const users = page.hinted
    ? [page.hinted, ...page.users.filter((user) => user !== page.hinted)]
    : page.users;
  const fields: [string, string][] = [
    ...[...page.params].filter(([name]) => name !== 'user' && name !== formNonceField),
    [formNonceField, page.nonce],
  ];
  const hidden = fields
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n      ');
  const buttons = users
    .map(
      (user) =>
        `<button type="submit" name="user" value="${escapeHtml(user.key)}"${user === page.hinted ? ' autofocus' : ''}>` +
        `<strong>${escapeHtml(user.displayName)}</strong> <span>${escapeHtml(user.username)}</span></button>`,
    )
    .join('\n      ');
  return layout(
    'Sign in',
    `<h1>Sign in to ${escapeHtml(page.client.displayName)}</h1>
    <p>Choose a test user. There are no passwords.</p>
    <form method="post" action="${escapeHtml(page.action)}">
      ${hidden}
      ${buttons}
    </form>`,
  );
}

/** A request the emulator will not redirect anywhere, e.g. an unregistered redirect URI. */
export function errorPage(error: EntraError): string {
  return layout(
    'Sign-in error',
    `<h1>Sorry, the sign-in request is not valid</h1>
    <p><code>${escapeHtml(error.error)}</code></p>
    <p>${escapeHtml(error.description)}</p>`,
  );
}

/** `/`: what this server is, for someone who opens it in a browser. */
export function homePage(idp: {
  readonly issuer: string;
  readonly origin: string;
  readonly paths: { readonly discovery: string };
  readonly directory: { readonly users: readonly TestUser[] };
}): string {
  const users = idp.directory.users
    .map((user) => `<li>${escapeHtml(user.displayName)} (${escapeHtml(user.username)})</li>`)
    .join('');
  const discovery = `${idp.origin}${idp.paths.discovery}`;
  return layout(
    'Home',
    `<h1>Pixy's local Entra ID emulator</h1>
    <p>Issuer: <code>${escapeHtml(idp.issuer)}</code></p>
    <p>OpenID configuration: <a href="${escapeHtml(discovery)}">${escapeHtml(discovery)}</a></p>
    <p>Test users:</p><ul>${users}</ul>`,
  );
}

export function signedOutPage(): string {
  return layout('Signed out', '<h1>You have signed out</h1><p>You can close this window.</p>');
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Pixy local identity provider</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
    .banner { background: #fff4ce; border: 1px solid #c8a600; padding: .5rem .75rem; border-radius: .25rem; }
    form { display: grid; gap: .5rem; }
    button { text-align: left; padding: .75rem; font: inherit; border: 1px solid #8a8886; border-radius: .25rem; background: #fff; cursor: pointer; }
    button:hover, button:focus { border-color: #0067b8; outline: 2px solid #0067b8; }
    button span { display: block; color: #605e5c; }
  </style>
</head>
<body>
  <p class="banner" role="note"><strong>Local development identity provider.</strong>
    This is Pixy's Entra ID emulator, for development and tests only. It is not Microsoft Entra ID.</p>
  ${body}
</body>
</html>
`;
}
