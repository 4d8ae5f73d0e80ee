// A ceiling on requests per client IP (RATE_LIMIT_PER_MINUTE, default 1000 a minute), so
// one client cannot flood the API — token verification costs CPU even for junk tokens.
// Health checks are exempt (probes poll them). Behind a load balancer, set TRUST_PROXY so
// the client's IP is read from X-Forwarded-For; otherwise every client shares the proxy's.
// Over the limit: 429 problem+json with Retry-After.
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export async function limitRequestRate(
  app: NestFastifyApplication,
  perMinute: number,
): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    allowList: (request) => /^\/health(\/|\?|$)/.test(request.url),
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(`Too many requests from this client: try again in ${context.after}.`),
        { statusCode: 429 },
      ),
  });
}
