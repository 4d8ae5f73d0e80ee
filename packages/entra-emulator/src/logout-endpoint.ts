/**
 * `GET|POST /<authority>/oauth2/v2.0/logout`: ends the browser session (and the refresh
 * tokens issued in it), then redirects to `post_logout_redirect_uri` if some client
 * registered it. MSAL sends neither client_id nor id_token_hint, as Entra allows.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authority } from './authorities.js';
import { sessionCookie } from './authorize-endpoint.js';
import type { EmulatorContext } from './emulator-context.js';
import { EntraError } from './entra-errors.js';
import { param, readCookie, readForm, redirect, sendHtml } from './http-io.js';
import { errorPage, signedOutPage } from './pages.js';

const clearCookie = `${sessionCookie}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`;

export async function handleLogout(
  emulator: EmulatorContext,
  _authority: Authority,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    const params = req.method === 'POST' ? await readForm(req) : url.searchParams;
    const target = param(params, 'post_logout_redirect_uri');
    if (target !== undefined) checkRegistered(emulator, target, param(params, 'client_id'));

    const sessionId = readCookie(req, sessionCookie);
    const ended = sessionId === undefined ? undefined : emulator.state.endSession(sessionId);
    if (ended) emulator.state.revokeSessionTokens(ended.sid);

    if (target === undefined) {
      sendHtml(res, 200, signedOutPage(), { 'set-cookie': clearCookie });
      return;
    }
    const back = new URL(target);
    const state = param(params, 'state');
    if (state !== undefined) back.searchParams.set('state', state);
    redirect(res, back.toString(), { 'set-cookie': clearCookie });
  } catch (error) {
    if (!(error instanceof EntraError)) throw error;
    sendHtml(res, 400, errorPage(error));
  }
}

/** An unregistered URI gets an error page: redirecting there would make the IdP an open redirector. */
function checkRegistered(
  emulator: EmulatorContext,
  uri: string,
  clientId: string | undefined,
): void {
  const clients = emulator.directory.apps.filter(
    (client) => clientId === undefined || client.clientId === clientId.toLowerCase(),
  );
  if (!clients.some((client) => client.postLogoutRedirectUris.includes(uri))) {
    throw new EntraError(
      'invalid_request',
      50011,
      `The post_logout_redirect_uri '${uri}' is not registered as a front-channel logout URL ` +
        `for ${clientId === undefined ? 'any application' : `the application '${clientId}'`}.`,
    );
  }
}
