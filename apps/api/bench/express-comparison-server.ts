// The benchmark's yardstick: Express + express-oauth2-jwt-bearer (Auth0's JWT middleware)
// serving GET /api/me with the same checks as the Nest API — the authority's issuer and
// JWKS from its OpenID configuration, RS256 only, audience API_CLIENT_ID or
// api://API_CLIENT_ID, `tid` = the tenant, `azp` one of the allowed client apps, `exp`
// required (the library's default), 5 minutes of clock skew, and `scp` or `roles` present. Run as its own process by bench/run.ts; prints
// `listening <port>` when ready. Not part of the API.
import { Agent } from 'node:https';
import { readFileSync } from 'node:fs';
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';

const authority = required('BENCH_AUTHORITY').replace(/\/+$/, '');
const tenantId = required('BENCH_TENANT_ID');
const apiClientId = required('BENCH_API_CLIENT_ID');
const allowedClientIds = required('BENCH_ALLOWED_CLIENT_IDS').split(',');
const caFile = process.env.BENCH_CA_FILE;

const app = express();
app.disable('x-powered-by');

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get(
  '/api/me',
  auth({
    // Discovery at <authority>/v2.0/.well-known/openid-configuration, as Entra publishes it.
    issuerBaseURL: `${authority}/v2.0`,
    audience: [apiClientId, `api://${apiClientId}`],
    tokenSigningAlg: 'RS256',
    clockTolerance: 300,
    ...(caFile ? { agent: new Agent({ ca: readFileSync(caFile) }) } : {}),
    validators: {
      tid: tenantId,
      azp: (azp) => typeof azp === 'string' && allowedClientIds.includes(azp),
      // Neither scp nor roles: not an access token for this API (as the Nest API decides).
      scp: (scp, claims) => typeof scp === 'string' || Array.isArray(claims.roles),
    },
  }),
  (req, res) => {
    const claims = req.auth!.payload;
    res.json({
      oid: claims.oid,
      tid: claims.tid,
      name: claims.name,
      preferredUsername: claims.preferred_username,
      scopes: typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [],
      roles: Array.isArray(claims.roles) ? claims.roles : [],
    });
  },
);

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench/run.ts sets it)`);
  return value;
}
