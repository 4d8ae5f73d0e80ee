// An in-process stand-in for an Entra ID tenant, for integration tests: signing keys made
// at test time, and the OpenID configuration and JWKS served over HTTPS with a test CA
// (made with @pixy/dev-certs in a temp folder). Knobs: rotate keys, take the JWKS or the
// whole authority down, and an attacker's JWKS to point `jku` at.
import { KeyObject, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Agent, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certPaths, ensureDevCerts } from '@pixy/dev-certs';
import { exportJWK, generateKeyPair } from 'jose';

export interface TestSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public key as PEM (what an HS256 attacker would use as the HMAC secret). */
  readonly publicPem: string;
  readonly jwk: Record<string, unknown>;
}

export async function makeSigningKey(
  kid = `test-${randomUUID()}`,
  use = 'sig',
): Promise<TestSigningKey> {
  const pair = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const publicKey = KeyObject.from(pair.publicKey);
  return {
    kid,
    privateKey: KeyObject.from(pair.privateKey),
    publicKey,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    jwk: { ...(await exportJWK(pair.publicKey)), kid, use, alg: 'RS256' },
  };
}

export interface FakeTenant {
  readonly tenantId: string;
  /** `https://127.0.0.1:<port>/<tenant>`: what AUTH_AUTHORITY would be. */
  readonly authority: string;
  readonly issuer: string;
  /** An agent that trusts the test CA: give it to the API as its authorityAgent. */
  readonly agent: Agent;
  /** The key new tokens are signed with. */
  readonly activeKey: TestSigningKey;
  /** Keys the JWKS publishes now. */
  published: TestSigningKey[];
  /** Extra JWKS entries (e.g. an encryption key) published next to the signing keys. */
  extraJwks: Record<string, unknown>[];
  /** When true, the JWKS endpoint answers 503. */
  jwksDown: boolean;
  /** When true, every endpoint answers 503 (an authority that is down). */
  down: boolean;
  /** The attacker's JWKS, served at `attackerJwksUrl`. */
  attackerKeys: TestSigningKey[];
  readonly attackerJwksUrl: string;
  /** Requests per path, to prove what was (not) fetched. */
  readonly hits: Map<string, number>;
  /** Publishes a new active key next to the current ones (as Entra does before switching). */
  rotate(): Promise<TestSigningKey>;
  close(): Promise<void>;
}

export async function startFakeTenant(tenantId: string = randomUUID()): Promise<FakeTenant> {
  const root = mkdtempSync(join(tmpdir(), 'pixy-api-tenant-'));
  const paths = certPaths(root);
  ensureDevCerts(paths);
  const ca = readFileSync(paths.ca, 'utf8');
  const tls = { cert: readFileSync(paths.cert), key: readFileSync(paths.key) };
  rmSync(root, { recursive: true, force: true }); // read once: nothing is left behind
  const first = await makeSigningKey();

  let origin = '';
  const tenant: FakeTenant = {
    tenantId,
    get authority() {
      return `${origin}/${tenantId}`;
    },
    get issuer() {
      return `${origin}/${tenantId}/v2.0`;
    },
    agent: new Agent({ ca, keepAlive: false }),
    activeKey: first,
    published: [first],
    extraJwks: [],
    jwksDown: false,
    down: false,
    attackerKeys: [],
    get attackerJwksUrl() {
      return `${origin}/attacker/keys`;
    },
    hits: new Map(),
    async rotate() {
      const next = await makeSigningKey();
      (this as { activeKey: TestSigningKey }).activeKey = next;
      this.published = [next, ...this.published];
      return next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        tenant.agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const server: Server = createServer(tls, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    tenant.hits.set(path, (tenant.hits.get(path) ?? 0) + 1);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (tenant.down) return json(503, { error: 'temporarily_unavailable' });
    if (path === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      return json(200, {
        issuer: tenant.issuer,
        authorization_endpoint: `${tenant.authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${tenant.authority}/oauth2/v2.0/token`,
        jwks_uri: `${tenant.authority}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === `/${tenantId}/discovery/v2.0/keys`) {
      if (tenant.jwksDown) return json(503, { error: 'temporarily_unavailable' });
      return json(200, {
        keys: [...tenant.published.map((key) => key.jwk), ...tenant.extraJwks],
      });
    }
    if (path === '/attacker/keys') {
      return json(200, { keys: tenant.attackerKeys.map((key) => key.jwk) });
    }
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return tenant;
}
