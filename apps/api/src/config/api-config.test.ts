import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certPaths, ensureDevCerts } from '@pixy/dev-certs';
import { ConfigError, localDefaults, personalAccountsTenantId } from '@pixy/config';
import { describe, expect, it } from 'vitest';
import { readApiConfig } from './api-config.js';

const root = '/repo';

function problems(env: Record<string, string>): string {
  try {
    readApiConfig(env, root);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readApiConfig', () => {
  it('runs locally with no configuration: port 3000, PGlite under the repo, CORS for the SPA', () => {
    const config = readApiConfig({}, root);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe(join(root, '.data', 'pglite'));
    expect(config.corsOrigins).toEqual(['https://localhost:5173']);
  });

  it('resolves a relative DATABASE_URL from the repository root and keeps URLs as they are', () => {
    expect(readApiConfig({ DATABASE_URL: 'tmp/db' }, root).databaseUrl).toBe(
      join(root, 'tmp', 'db'),
    );
    expect(readApiConfig({ DATABASE_URL: 'memory://' }, root).databaseUrl).toBe('memory://');
    const postgres = 'postgres://pixy:secret@db.internal:5432/pixy';
    expect(readApiConfig({ DATABASE_URL: postgres }, root).databaseUrl).toBe(postgres);
  });

  it('takes CORS origins from CORS_ORIGINS, else SPA_URL', () => {
    expect(readApiConfig({ SPA_URL: 'https://app.example' }, root).corsOrigins).toEqual([
      'https://app.example',
    ]);
    expect(
      readApiConfig({ CORS_ORIGINS: 'https://a.example, https://b.example:8443/' }, root)
        .corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example:8443']);
  });

  it('lists every problem at once, saying what to fix, without echoing secrets', () => {
    const message = problems({
      PORT: 'eighty',
      CORS_ORIGINS: 'https://a.example/path',
      DATABASE_URL: 'mysql://root:hunter2@db/pixy',
      API_CLIENT_ID: 'my-api',
    });
    expect(message).toMatch(/PORT must be a port number/);
    expect(message).toMatch(/CORS_ORIGINS must be a comma-separated list of origins/);
    expect(message).toMatch(
      /DATABASE_URL must be a postgres:\/\/ URL, memory:\/\/, or a directory/,
    );
    expect(message).toMatch(/API_CLIENT_ID must be a GUID/);
    expect(message).not.toContain('hunter2');
  });

  it('accepts the local client apps and no other tenant than the authority’s by default', () => {
    const { callers } = readApiConfig({}, root);
    expect(callers.allowedClientIds).toEqual([
      localDefaults.SPA_CLIENT_ID,
      localDefaults.OPENAPI_CLIENT_ID,
      localDefaults.DAEMON_CLIENT_ID,
    ]);
    expect(callers.allowedTenants).toEqual([localDefaults.AUTH_TENANT_ID]);
    expect(callers.allowGuests).toBe(true);
  });

  it('replaces the client apps with AUTH_ALLOWED_CLIENT_IDS, refusing the API itself', () => {
    const other = 'AAAAAAAA-2222-4333-8444-555555555555';
    expect(
      readApiConfig({ AUTH_ALLOWED_CLIENT_IDS: other }, root).callers.allowedClientIds,
    ).toEqual([other.toLowerCase()]);
    expect(problems({ AUTH_ALLOWED_CLIENT_IDS: `${localDefaults.API_CLIENT_ID}` })).toMatch(
      /AUTH_ALLOWED_CLIENT_IDS names the API itself/,
    );
    expect(problems({ AUTH_ALLOWED_CLIENT_IDS: 'my-spa' })).toMatch(
      /AUTH_ALLOWED_CLIENT_IDS must list client IDs \(GUIDs/,
    );
  });

  it('requires AUTH_ALLOWED_TENANTS with a multi-tenant authority, saying how to set it', () => {
    const organizations = { AUTH_AUTHORITY: 'https://localhost:8443/organizations' };
    expect(problems(organizations)).toMatch(
      /AUTH_ALLOWED_TENANTS is required with the multi-tenant authority .*organizations.*or set it to \*/,
    );
    const fabrikam = 'BBBBBBBB-2222-4333-8444-555555555555';
    expect(problems({ ...organizations, AUTH_ALLOWED_TENANTS: `${fabrikam},*` })).toMatch(
      /either \* or a list/,
    );
    expect(
      readApiConfig({ ...organizations, AUTH_ALLOWED_TENANTS: fabrikam }, root).callers
        .allowedTenants,
    ).toEqual([fabrikam.toLowerCase()]);
    expect(
      readApiConfig({ ...organizations, AUTH_ALLOWED_TENANTS: '*' }, root).callers.allowedTenants,
    ).toBe('*');
    expect(problems({ ...organizations, AUTH_ALLOWED_TENANTS: 'contoso.com' })).toMatch(
      /must list tenant IDs \(GUIDs, the tokens' tid\), not "contoso.com"/,
    );
  });

  it('refuses personal accounts with /organizations, which never signs them in', () => {
    expect(
      problems({
        AUTH_AUTHORITY: 'https://localhost:8443/organizations',
        AUTH_ALLOWED_TENANTS: personalAccountsTenantId,
      }),
    ).toMatch(/never signs personal accounts in: use .*common/);
  });

  it('says AUTH_ALLOWED_TENANTS does nothing with a single-tenant authority', () => {
    expect(problems({ AUTH_ALLOWED_TENANTS: 'BBBBBBBB-2222-4333-8444-555555555555' })).toMatch(
      /AUTH_ALLOWED_TENANTS applies to multi-tenant authorities/,
    );
    expect(
      readApiConfig({ AUTH_ALLOWED_TENANTS: localDefaults.AUTH_TENANT_ID }, root).callers
        .allowedTenants,
    ).toEqual([localDefaults.AUTH_TENANT_ID]);
  });

  it('reads AUTH_ALLOW_GUESTS as true or false only', () => {
    expect(readApiConfig({ AUTH_ALLOW_GUESTS: 'false' }, root).callers.allowGuests).toBe(false);
    expect(problems({ AUTH_ALLOW_GUESTS: 'no' })).toMatch(
      /AUTH_ALLOW_GUESTS must be true or false/,
    );
  });

  it('serves the OpenAPI UI except in production, unless API_DOCS says otherwise', () => {
    expect(readApiConfig({}, root).docs).toBe(true);
    expect(readApiConfig({ NODE_ENV: 'production' }, root).docs).toBe(false);
    expect(readApiConfig({ NODE_ENV: 'production', API_DOCS: 'true' }, root).docs).toBe(true);
    expect(readApiConfig({ API_DOCS: 'false' }, root).docs).toBe(false);
  });

  it('limits requests per client IP (1000 a minute by default; 0 turns it off)', () => {
    expect(readApiConfig({}, root).rateLimitPerMinute).toBe(1000);
    expect(readApiConfig({ RATE_LIMIT_PER_MINUTE: '0' }, root).rateLimitPerMinute).toBe(0);
    expect(problems({ RATE_LIMIT_PER_MINUTE: 'lots' })).toMatch(/RATE_LIMIT_PER_MINUTE must be/);
  });

  it('reads TRUST_PROXY as a switch, a hop count or proxy addresses', () => {
    expect(readApiConfig({}, root).trustProxy).toBe(false);
    expect(readApiConfig({ TRUST_PROXY: 'true' }, root).trustProxy).toBe(true);
    expect(readApiConfig({ TRUST_PROXY: '2' }, root).trustProxy).toBe(2);
    expect(readApiConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }, root).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(problems({ TRUST_PROXY: 'the-load-balancer' })).toMatch(/TRUST_PROXY must be/);
  });

  it('calls the emulator’s Graph with its dev secret locally, and Microsoft Graph with Entra', () => {
    const local = readApiConfig({}, root).graph;
    expect(local.url).toBe('https://localhost:8443/graph/v1.0');
    expect(local.credential).toEqual({ kind: 'secret', secret: localDefaults.API_CLIENT_SECRET });
    const entra = {
      AUTH_AUTHORITY: 'https://login.microsoftonline.com/aaaaaaaa-2222-4333-8444-555555555555',
      SPA_CLIENT_ID: '10000000-2222-4333-8444-555555555555',
      API_CLIENT_ID: '20000000-2222-4333-8444-555555555555',
      OPENAPI_CLIENT_ID: '30000000-2222-4333-8444-555555555555',
    };
    const real = readApiConfig(entra, root).graph;
    expect(real).toEqual({ url: 'https://graph.microsoft.com/v1.0', credential: undefined });
    expect(readApiConfig({ ...entra, API_CLIENT_SECRET: 's3cret' }, root).graph.credential).toEqual(
      {
        kind: 'secret',
        secret: 's3cret',
      },
    );
    const message = problems({ ...entra, API_CLIENT_SECRET: localDefaults.API_CLIENT_SECRET });
    expect(message).toMatch(/API_CLIENT_SECRET is still the local emulator's dev secret/);
    expect(message).not.toContain(localDefaults.API_CLIENT_SECRET);
  });

  it('reads a certificate credential from API_CLIENT_CERTIFICATE_PATH, or says what is wrong', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pixy-api-cert-'));
    try {
      const paths = certPaths(folder);
      ensureDevCerts(paths);
      const pem = join(folder, 'api.pem');
      writeFileSync(pem, readFileSync(paths.key, 'utf8') + readFileSync(paths.cert, 'utf8'));
      const credential = readApiConfig({ API_CLIENT_CERTIFICATE_PATH: pem }, root).graph.credential;
      expect(credential).toMatchObject({ kind: 'certificate' });
      expect(credential?.kind === 'certificate' && credential.thumbprintSha256).toBe(
        new X509Certificate(readFileSync(paths.cert)).fingerprint256
          .replace(/:/g, '')
          .toLowerCase(),
      );
      writeFileSync(join(folder, 'key-only.pem'), readFileSync(paths.key, 'utf8'));
      expect(problems({ API_CLIENT_CERTIFICATE_PATH: join(folder, 'key-only.pem') })).toMatch(
        /must hold the private key and its certificate/,
      );
      expect(problems({ API_CLIENT_CERTIFICATE_PATH: join(folder, 'missing.pem') })).toMatch(
        /cannot be read/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
