// Security headers (helmet) with two policies: a strict one for the JSON API, and one for
// the OpenAPI UI under /docs that lets its OAuth sign-in work — Swagger UI opens the
// authority in a popup that reports back to window.opener (so no COOP `same-origin`) and
// then POSTs the code to the authority's token endpoint (so connect-src names it). No
// upgrade-insecure-requests: the local API is plain http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export function securityHeaders(authorityOrigin: string, docsPath: string): Middleware {
  const api = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
  });
  const docsDirectives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // Swagger UI sets style attributes from script.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", authorityOrigin],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
  const docs = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: docsDirectives },
    // The UI keeps its link to the sign-in popup it opens.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
  });
  const docsRedirect = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: docsDirectives },
    // The popup's last page calls window.opener: any COOP here would cut that link.
    crossOriginOpenerPolicy: false,
  });
  const docsPrefix = `/${docsPath}`;
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === `${docsPrefix}/oauth2-redirect.html`) docsRedirect(req, res, next);
    else if (path === docsPrefix || path.startsWith(`${docsPrefix}/`)) docs(req, res, next);
    else {
      // Answers of the API are per caller: never stored by browsers or shared caches.
      res.setHeader('cache-control', 'no-store');
      api(req, res, next);
    }
  };
}

/** Sends the headers on every response, from a Fastify onRequest hook. */
export function addSecurityHeaders(
  fastify: FastifyInstance,
  authorityOrigin: string,
  docsPath: string,
): void {
  const headers = securityHeaders(authorityOrigin, docsPath);
  fastify.addHook('onRequest', (request, reply, done) =>
    headers(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
}
