/**
 * The emulator's HTML: the sign-in, consent and step-up pages, error pages and the
 * signed-out page. Every page says it is a local development identity provider, every
 * value that came from a request is HTML-escaped, and every form carries the authorize
 * request's parameters back with a form nonce (sign-in-form-guard.ts).
 */
import type { App, Identity } from './directory.js';
import type { EntraError } from './entra-errors.js';
import { formNonceField } from './sign-in-form-guard.js';

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** A form that posts the authorize request back to where it came from. */
export interface PageForm {
  /** Where the form posts: the authorize endpoint. */
  readonly action: string;
  /** The authorize request's parameters, posted back with the page's answer. */
  readonly params: URLSearchParams;
  /** The form nonce that proves the post comes from this page. */
  readonly nonce: string;
}

export interface SignInPage extends PageForm {
  readonly client: App;
  /** The identities that may sign in here, each a button. */
  readonly identities: readonly Identity[];
  /** The user the app suggested with `login_hint`: focused and listed first. */
  readonly hinted: Identity | undefined;
}

export function signInPage(page: SignInPage): string {
  const identities = page.hinted
    ? [page.hinted, ...page.identities.filter((identity) => identity !== page.hinted)]
    : page.identities;
  const buttons = identities
    .map(
      (identity) =>
        `<button type="submit" name="user" value="${escapeHtml(identity.user.key)}"${identity === page.hinted ? ' autofocus' : ''}>` +
        `<strong>${escapeHtml(identity.user.displayName)}</strong> <span>${escapeHtml(identity.user.username)}` +
        `${identity.guest ? ` (guest in ${escapeHtml(identity.tenant.displayName)})` : ''}</span></button>`,
    )
    .join('\n      ');
  return layout(
    'Sign in',
    `<h1>Sign in to ${escapeHtml(page.client.displayName)}</h1>
    <p>Choose a test user. There are no passwords.</p>
    ${form(page, 'sign-in', buttons || '<p>No test user may sign in to this app here.</p>')}`,
  );
}

export interface ConsentPage extends PageForm {
  readonly client: App;
  readonly identity: Identity;
  /** The permissions to consent to, as full scope names. */
  readonly permissions: readonly string[];
}

export function consentPage(page: ConsentPage): string {
  const items = page.permissions
    .map((name) => `<li><code>${escapeHtml(name)}</code></li>`)
    .join('');
  return layout(
    'Permissions requested',
    `<h1>Permissions requested</h1>
    <p><strong>${escapeHtml(page.client.displayName)}</strong> asks
      ${escapeHtml(page.identity.user.displayName)} (${escapeHtml(page.identity.user.username)}) for:</p>
    <ul>${items}</ul>
    ${form(
      page,
      'consent',
      '<button type="submit" name="decision" value="accept">Accept</button>\n      ' +
        '<button type="submit" name="decision" value="cancel">Cancel</button>',
    )}`,
  );
}

export interface StepUpPage extends PageForm {
  readonly identity: Identity;
  /** The authentication contexts to satisfy, with their display names. */
  readonly contexts: readonly { readonly id: string; readonly displayName: string }[];
}

/** Conditional Access asks for more: the emulator's stand-in for MFA is one button. */
export function stepUpPage(page: StepUpPage): string {
  const contexts = page.contexts
    .map(
      (context) =>
        `<li>${escapeHtml(context.displayName)} (<code>${escapeHtml(context.id)}</code>)</li>`,
    )
    .join('');
  return layout(
    'Verify your identity',
    `<h1>Verify your identity</h1>
    <p>${escapeHtml(page.identity.user.displayName)} (${escapeHtml(page.identity.user.username)}),
      this action needs an extra verification (Conditional Access authentication context):</p>
    <ul>${contexts}</ul>
    ${form(page, 'step-up', '<button type="submit">Approve</button>')}`,
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
export function homePage(emulator: {
  readonly origin: string;
  readonly directory: {
    readonly tenants: readonly { readonly id: string; readonly displayName: string }[];
    readonly users: readonly { readonly displayName: string; readonly username: string }[];
  };
}): string {
  const tenants = emulator.directory.tenants
    .map((tenant) => {
      const discovery = `${emulator.origin}/${tenant.id}/v2.0/.well-known/openid-configuration`;
      return `<li>${escapeHtml(tenant.displayName)}: <a href="${escapeHtml(discovery)}">${escapeHtml(discovery)}</a></li>`;
    })
    .join('');
  const users = emulator.directory.users
    .map((user) => `<li>${escapeHtml(user.displayName)} (${escapeHtml(user.username)})</li>`)
    .join('');
  return layout(
    'Home',
    `<h1>Entra ID emulator</h1>
    <p>Tenants and their OpenID configuration (also <code>/organizations</code>,
      <code>/common</code> and <code>/consumers</code>):</p><ul>${tenants}</ul>
    <p>Test users:</p><ul>${users}</ul>`,
  );
}

export function signedOutPage(): string {
  return layout('Signed out', '<h1>You have signed out</h1><p>You can close this window.</p>');
}

/** The form every page posts: the request's parameters, the step it answers, the nonce. */
function form(page: PageForm, step: string, controls: string): string {
  const fields: [string, string][] = [
    ...[...page.params].filter(([name]) => !pageOwnFields.has(name)),
    ['step', step],
    [formNonceField, page.nonce],
  ];
  const hidden = fields
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n      ');
  return `<form method="post" action="${escapeHtml(page.action)}">
      ${hidden}
      ${controls}
    </form>`;
}

/** Fields the pages add to the request's parameters. */
const pageOwnFields = new Set(['user', 'step', 'decision', formNonceField]);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Entra ID emulator</title>
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
    This is an Entra ID emulator, for development and tests only. It is not Microsoft Entra ID.</p>
  ${body}
</body>
</html>
`;
}
