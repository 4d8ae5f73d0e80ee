// Vite for the SPA: one build for every environment (no configuration is built in), https
// dev and preview servers on localhost:5173 with the local certificate that serve the
// runtime configuration (/config.js) from the root .env, and two pages: the app and the
// MSAL redirect bridge.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import {
  ConfigError,
  ConfigReader,
  loadDotEnv,
  readStackConfig,
  readWebConfig,
  renderWebConfigScript,
} from '@pixy/config';
import { MissingDevCertsError, readLocalhostTls } from '@pixy/dev-certs';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The dev and preview servers serve where the redirect URIs point: SPA_URL's port when
 * SPA_URL is a localhost URL (default https://localhost:5173), else 5173.
 */
function serverPort(spaUrl: string): number {
  const url = new URL(spaUrl);
  return url.hostname === 'localhost' && url.port !== '' ? Number(url.port) : 5173;
}

/** Stops with just the message for problems the user fixes (no stack trace to wade through). */
function orExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof MissingDevCertsError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Hints in index.html for what signing in needs. MSAL's start-up chunk
 * (src/lib/auth/start-auth.ts and what it imports) is loaded by main.tsx beside the first
 * render: preloading it lets the browser fetch and compile it while the entry chunk runs,
 * instead of after (on the way back from the identity provider, that is on the path to
 * the user's name). (The connection to the identity provider is opened by main.tsx: the
 * authority is known at run time only.)
 */
function authHints(): Plugin {
  return {
    name: 'pixy:auth-hints',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { filename, bundle }) {
        if (!bundle || !filename.endsWith('index.html')) return [];
        const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
        const start = chunks.find((chunk) =>
          chunk.facadeModuleId?.endsWith('/src/lib/auth/start-auth.ts'),
        );
        if (!start) throw new Error('No chunk for src/lib/auth/start-auth.ts to preload');
        const entry = chunks.find((chunk) => chunk.isEntry && chunk.name === 'main');
        const loaded = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
        return [start.fileName, ...start.imports]
          .filter((file) => !loaded.has(file))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

/**
 * /config.js for the dev and preview servers: the runtime configuration from the root .env
 * and the environment, as a deployed server writes it from its environment.
 */
function runtimeConfig(script: string | undefined): Plugin {
  const serve: Connect.NextHandleFunction = (request, response, next) => {
    if (script === undefined || request.url?.split('?')[0] !== '/config.js') return next();
    response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache');
    response.end(script);
  };
  return {
    name: 'pixy:runtime-config',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

export default defineConfig(({ command }) => {
  // The dev and preview servers need the configuration and the certificate; a build and
  // the unit tests need neither (the build is the same for every environment).
  // (`vite preview` is a 'serve' command too.)
  const serving = command === 'serve' && process.env.VITEST === undefined;
  const stack = serving
    ? orExit(() => {
        loadDotEnv();
        const reader = new ConfigReader();
        const stack = readStackConfig(reader);
        const script = renderWebConfigScript(readWebConfig(reader));
        reader.finish(); // a bad value stops the server with every problem listed
        return { spaUrl: stack.spaUrl, script };
      })
    : undefined;
  const tls = serving ? orExit(() => readLocalhostTls()) : undefined;
  const server = {
    host: 'localhost',
    port: serverPort(stack?.spaUrl ?? 'https://localhost:5173'),
    strictPort: true,
    https: tls && { cert: tls.cert, key: tls.key },
  };

  return {
    plugins: [react(), authHints(), runtimeConfig(stack?.script)],
    server,
    preview: server,
    build: {
      manifest: true,
      rolldownOptions: {
        input: {
          main: fileURLToPath(new URL('index.html', import.meta.url)),
          redirect: fileURLToPath(new URL('redirect.html', import.meta.url)),
        },
      },
    },
    test: {
      environment: 'jsdom',
      setupFiles: ['./test-support/setup.ts'],
      restoreMocks: true,
    },
  };
});
