// Which browser origins may call the API (CORS_ORIGINS, default SPA_URL), with what. No
// credentials: tokens travel in the Authorization header, never in cookies.
// WWW-Authenticate is exposed so the SPA can read challenges (claims challenges, scopes).
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

export function corsOptions(origins: readonly string[]): CorsOptions {
  return {
    origin: [...origins],
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['www-authenticate'],
    credentials: false,
    maxAge: 600,
  };
}
