/**
 * Serves the MSAL fixture page over https with the dev certificate, on a free port:
 * the page, its script, MSAL's own browser builds straight from node_modules (unmodified),
 * and /config.js naming the emulator to sign in with.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FixtureConfig {
  readonly authority: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** MSAL's `clientCapabilities`, e.g. `['CP1']`: sent as `xms_cc` in `claims`. */
  readonly clientCapabilities: readonly string[];
  /** The claims (JSON) the "Step up" button asks for, as from an API's claims challenge. */
  readonly stepUpClaims: string;
}

export interface FixtureServer {
  /** `https://localhost:<port>`, the origin to register as the SPA's. */
  readonly origin: string;
  /** Set once the emulator is up (the emulator needs the origin first). */
  configure(config: FixtureConfig): void;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const msalLib = join(
  dirname(createRequire(import.meta.url).resolve('@azure/msal-browser/package.json')),
  'lib',
);

const files: Record<string, { path: string; type: string }> = {
  '/': { path: join(here, 'msal-fixture', 'index.html'), type: 'text/html' },
  '/redirect.html': { path: join(here, 'msal-fixture', 'redirect.html'), type: 'text/html' },
  '/fixture.js': { path: join(here, 'msal-fixture', 'fixture.js'), type: 'text/javascript' },
  '/msal-browser.js': { path: join(msalLib, 'msal-browser.js'), type: 'text/javascript' },
  '/msal-redirect-bridge.js': {
    path: join(msalLib, 'redirect-bridge', 'msal-redirect-bridge.js'),
    type: 'text/javascript',
  },
};

/**
 * `tls`: the localhost certificate and key (PEM) of the CA the browser trusts. `port`: 0
 * for a free one, or the registered SPA's port when testing an emulator already running.
 */
export async function startFixtureServer(
  tls: { readonly cert: string; readonly key: string },
  port = 0,
): Promise<FixtureServer> {
  let config: FixtureConfig | undefined;
  const { cert, key } = tls;
  const server = createServer({ cert, key }, (request, response) => {
    const path = new URL(request.url ?? '/', 'https://localhost').pathname;
    if (path === '/config.js') {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      response.end(`window.fixtureConfig = ${JSON.stringify(config ?? null)};`);
      return;
    }
    const file = files[path];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type });
    response.end(readFileSync(file.path));
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return {
    origin: `https://localhost:${(server.address() as AddressInfo).port}`,
    configure: (next) => {
      config = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
