/**
 * Which handler answers a request: one table for the v2.0 endpoints under every authority
 * (and the methods each accepts), then Graph, the dev controls (when enabled) and the home
 * page. Every unmatched request gets a JSON 404 naming it. The server (start-emulator.ts)
 * only listens and hands requests here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchEndpoint, parseAuthority, type Authority, type Endpoint } from './authorities.js';
import { handleAuthorize } from './authorize-endpoint.js';
import { devControlsPrefix, handleDevControl } from './dev-controls.js';
import { sendKeys, sendOpenIdConfiguration } from './discovery.js';
import type { EmulatorContext } from './emulator-context.js';
import { EntraError, entraErrorBody } from './entra-errors.js';
import { graphPrefix, handleGraph } from './graph-endpoint.js';
import { sendHtml, sendJson } from './http-io.js';
import { handleLogout } from './logout-endpoint.js';
import { homePage } from './pages.js';
import { handleToken } from './token-endpoint.js';

interface EndpointRoute {
  /** The methods it answers; `undefined`: all (the handler answers the others itself). */
  readonly methods?: readonly string[];
  readonly handle: (
    emulator: EmulatorContext,
    authority: Authority,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ) => void | Promise<void>;
}

/** The endpoints under `/<tenant | organizations | common | consumers>`. */
const endpointRoutes: Readonly<Record<Endpoint, EndpointRoute>> = {
  // The token endpoint answers CORS preflights and refuses other methods itself.
  token: { handle: (emulator, authority, req, res) => handleToken(emulator, authority, req, res) },
  authorize: { methods: ['GET', 'POST'], handle: handleAuthorize },
  logout: { methods: ['GET', 'POST'], handle: handleLogout },
  discovery: {
    methods: ['GET'],
    handle: (emulator, authority, _req, res) => sendOpenIdConfiguration(emulator, authority, res),
  },
  keys: {
    methods: ['GET'],
    handle: (emulator, authority, _req, res) => sendKeys(emulator, authority, res),
  },
};

export async function route(
  emulator: EmulatorContext,
  devControls: boolean,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', emulator.origin);
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (path.startsWith(graphPrefix)) return handleGraph(emulator, req, res, path);
  if (path.startsWith(devControlsPrefix) && devControls) {
    return handleDevControl(emulator, req, res, path);
  }
  if (path === '/' && method === 'GET') return sendHtml(res, 200, homePage(emulator));

  const match = matchEndpoint(path);
  if (match) {
    let authority: Authority;
    try {
      authority = parseAuthority(emulator.directory, match.segment);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      return sendJson(res, 400, entraErrorBody(error), { 'access-control-allow-origin': '*' });
    }
    const endpoint = endpointRoutes[match.endpoint];
    if (endpoint.methods === undefined || endpoint.methods.includes(method)) {
      return endpoint.handle(emulator, authority, req, res, url);
    }
  }
  sendJson(res, 404, { error: 'not_found', error_description: `Nothing at ${method} ${path}.` });
}
