// An in-process stand-in for Entra ID's authority, for integration tests: signing keys made
// at test time, and the OpenID configuration and JWKS served over HTTPS with a test CA
// (made with @pixy/dev-certs in a temp folder), as Entra serves them:
//   /<tenant-id>/v2.0/.well-known/openid-configuration   issuer https://<host>/<tenant-id>/v2.0
//   /organizations/..., /common/...                       issuer https://<host>/{tenantid}/v2.0
//   /<segment>/discovery/v2.0/keys                        each key with its `issuer`
// /common also publishes a personal-accounts key whose issuer is that tenant's, literally.
// Knobs: rotate or withdraw keys, take the JWKS or the whole authority down, change the
// discovery document, and an attacker's JWKS to point `jku` at.
import { KeyObject, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Agent, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalAccountsTenantId } from '@pixy/config';
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
    // As Entra publishes its keys: no `alg`.
    jwk: { ...(await exportJWK(pair.publicKey)), kid, use },
  };
}

/** A second Entra tenant for multi-tenant tests (a partner organisation). */
export const fabrikamTenantId = 'fab41ca0-0000-4000-8000-00000000fab1';

export interface FakeAuthority {
  /** `https://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The home tenant: what a single-tenant API is configured with. */
  readonly tenantId: string;
  /** `<origin>/<tenantId>`: what AUTH_AUTHORITY would be (single-tenant). */
  readonly authority: string;
  /** `<origin>/<tenantId>/v2.0`. */
  readonly issuer: string;
  /** The issuer of a tenant's tokens: `<origin>/<tenant>/v2.0`. */
  issuerOf(tenantId: string): string;
  /** An agent that trusts the test CA: give it to the API as its authorityAgent. */
  readonly agent: Agent;
  /** The test CA's certificate (PEM): for NODE_EXTRA_CA_CERTS of an API in another process. */
  readonly caPem: string;
  /** The key new tokens are signed with. */
  readonly activeKey: TestSigningKey;
  /** Keys the JWKS publishes now (for every tenant and template). */
  published: TestSigningKey[];
  /** The key of personal Microsoft accounts: /common publishes it with that tenant's issuer. */
  readonly personalAccountsKey: TestSigningKey;
  /** Whether published keys carry `issuer` (Entra's do). */
  keyIssuers: boolean;
  /** Extra JWKS entries (e.g. an encryption key) published next to the signing keys. */
  extraJwks: Record<string, unknown>[];
  /** Members replaced in every discovery document (e.g. another `issuer` or `jwks_uri`). */
  discoveryChanges: Record<string, unknown>;
  /** When true, the JWKS endpoints answer 503. */
  jwksDown: boolean;
  /** When true, every endpoint answers 503 (an authority that is down). */
  down: boolean;
  /** The attacker's JWKS, served at `attackerJwksUrl`. */
  attackerKeys: TestSigningKey[];
  readonly attackerJwksUrl: string;
  /** Requests per path, to prove what was (not) fetched. */
  readonly hits: Map<string, number>;
  /** How many times any JWKS was fetched. */
  jwksFetches(): number;
  /** Publishes a new active key next to the current ones (as Entra does before switching). */
  rotate(): Promise<TestSigningKey>;
  close(): Promise<void>;
}

const multiTenantSegments = new Set(['organizations', 'common']);

export async function startFakeAuthority(tenantId: string = randomUUID()): Promise<FakeAuthority> {
  const root = mkdtempSync(join(tmpdir(), 'pixy-api-authority-'));
  const paths = certPaths(root);
  ensureDevCerts(paths);
  const ca = readFileSync(paths.ca, 'utf8');
  const tls = { cert: readFileSync(paths.cert), key: readFileSync(paths.key) };
  rmSync(root, { recursive: true, force: true }); // read once: nothing is left behind
  const [first, personal] = await Promise.all([makeSigningKey(), makeSigningKey()]);

  let origin = '';
  const authority: FakeAuthority = {
    get origin() {
      return origin;
    },
    tenantId,
    get authority() {
      return `${origin}/${tenantId}`;
    },
    get issuer() {
      return `${origin}/${tenantId}/v2.0`;
    },
    issuerOf: (tenant) => `${origin}/${tenant}/v2.0`,
    agent: new Agent({ ca, keepAlive: false }),
    caPem: ca,
    activeKey: first,
    published: [first],
    personalAccountsKey: personal,
    keyIssuers: true,
    extraJwks: [],
    discoveryChanges: {},
    jwksDown: false,
    down: false,
    attackerKeys: [],
    get attackerJwksUrl() {
      return `${origin}/attacker/keys`;
    },
    hits: new Map(),
    jwksFetches: () =>
      [...authority.hits].reduce(
        (sum, [path, count]) => (path.endsWith('/discovery/v2.0/keys') ? sum + count : sum),
        0,
      ),
    async rotate() {
      const next = await makeSigningKey();
      (this as { activeKey: TestSigningKey }).activeKey = next;
      this.published = [next, ...this.published];
      return next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        authority.agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const server: Server = createServer(tls, (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    authority.hits.set(path, (authority.hits.get(path) ?? 0) + 1);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (authority.down) return json(503, { error: 'temporarily_unavailable' });
    if (path === '/attacker/keys') {
      return json(200, { keys: authority.attackerKeys.map((key) => key.jwk) });
    }
    const [, segment = '', ...rest] = path.split('/');
    const endpoint = rest.join('/');
    const multiTenant = multiTenantSegments.has(segment);
    if (!multiTenant && !/^[0-9a-f-]{36}$/.test(segment)) {
      return json(404, { error: 'not_found' });
    }
    const issuer = `${origin}/${multiTenant ? '{tenantid}' : segment}/v2.0`;
    if (endpoint === 'v2.0/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${origin}/${segment}/oauth2/v2.0/authorize`,
        token_endpoint: `${origin}/${segment}/oauth2/v2.0/token`,
        jwks_uri: `${origin}/${segment}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        ...authority.discoveryChanges,
      });
    }
    if (endpoint === 'discovery/v2.0/keys') {
      if (authority.jwksDown) return json(503, { error: 'temporarily_unavailable' });
      const withIssuer = (key: TestSigningKey, keyIssuer: string) =>
        authority.keyIssuers ? { ...key.jwk, issuer: keyIssuer } : key.jwk;
      const keys = authority.published.map((key) => withIssuer(key, issuer));
      if (segment === 'common') {
        keys.push(withIssuer(personal, `${origin}/${personalAccountsTenantId}/v2.0`));
      }
      return json(200, { keys: [...keys, ...authority.extraJwks] });
    }
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return authority;
}
