// Vite for the SPA: the configuration it is built with (an explicit list, read from the
// root .env through @pixy/config), https dev and preview servers on localhost:5173 with
// the local certificate, and two pages: the app and the MSAL redirect bridge.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { ConfigError, ConfigReader, loadDotEnv, readStackConfig } from '@pixy/config';
import { MissingDevCertsError, readLocalhostTls } from '@pixy/dev-certs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { webConfigFrom } from './config/web-config.ts';

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
 * the user's name). And a connection to the identity provider, opened early, is ready
 * when "Sign in" navigates there.
 */
function authHints(authority: string): Plugin {
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
        const preloads = [start.fileName, ...start.imports]
          .filter((file) => !loaded.has(file))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          }));
        const preconnect = {
          tag: 'link',
          attrs: { rel: 'preconnect', href: new URL(authority).origin },
          injectTo: 'head' as const,
        };
        return [...preloads, preconnect];
      },
    },
  };
}

export default defineConfig(({ command }) => {
  const stack = orExit(() => {
    loadDotEnv();
    const reader = new ConfigReader();
    const stack = readStackConfig(reader);
    reader.finish(); // a bad value stops the dev server and the build with every problem listed
    return stack;
  });
  const webConfig = webConfigFrom(stack);

  // The servers need the certificate; a build and the unit tests do not.
  const serving = command === 'serve' && process.env.VITEST === undefined;
  const tls = serving ? orExit(() => readLocalhostTls()) : undefined;
  const server = {
    host: 'localhost',
    port: serverPort(stack.spaUrl),
    strictPort: true,
    https: tls && { cert: tls.cert, key: tls.key },
  };

  return {
    plugins: [react(), authHints(webConfig.authority)],
    define: {
      __PIXY_WEB_CONFIG__: JSON.stringify(webConfig),
    },
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
