/**
 * How the built SPA must be served, whatever serves it: the web image's nginx
 * (hosting/nginx/default.conf.template) and Azure Static Web Apps (staticwebapp.config.json).
 * Both are checked against these rules: staticwebapp.config.json by reading it
 * (hosting/static-web-apps.test.ts), nginx by running it (e2e/artifacts).
 */

/** The origins the SPA talks to, from its runtime configuration. */
export interface SpaOrigins {
  readonly api: string;
  readonly authority: string;
}

/**
 * Headers on every answer. Scripts and styles come from the SPA's own origin only (no
 * inline script: /config.js is a file); it connects to the API and the identity provider,
 * and MSAL may frame the identity provider for silent renewal, landing on /redirect.html.
 */
export function securityHeaders(origins: SpaOrigins): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' ${origins.api} ${origins.authority}`,
      `frame-src 'self' ${origins.authority}`,
      "frame-ancestors 'self'",
      "form-action 'self'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

/** Hashed assets never change under their name; everything else is revalidated on each use. */
export const cacheControl = {
  hashedAsset: 'public, max-age=31536000, immutable',
  other: 'no-cache',
} as const;

export type Served = 'index.html' | 'redirect.html' | 'config.js' | 'the asset' | 'not found';

export interface ServingCase {
  /** The request path; `{asset}` stands for the name of a hashed file of the build. */
  readonly path: string;
  readonly served: Served;
  readonly why: string;
}

export const servingCases: readonly ServingCase[] = [
  { path: '/', served: 'index.html', why: 'the app' },
  { path: '/tasks', served: 'index.html', why: 'a deep link to a route of the SPA' },
  { path: '/admin/tasks', served: 'index.html', why: 'a deeper link' },
  { path: '/redirect.html', served: 'redirect.html', why: "MSAL's redirect bridge, as it is" },
  { path: '/config.js', served: 'config.js', why: 'the runtime configuration' },
  { path: '/assets/{asset}', served: 'the asset', why: 'a hashed asset' },
  {
    path: '/assets/main-00000000.js',
    served: 'not found',
    why: 'a missing asset is a 404, never the app page run as a script',
  },
];

/** The Cache-Control a successful answer carries. */
export function expectedCacheControl(served: Served): string | undefined {
  if (served === 'not found') return undefined;
  return served === 'the asset' ? cacheControl.hashedAsset : cacheControl.other;
}
