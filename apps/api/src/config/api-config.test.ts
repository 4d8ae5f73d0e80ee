import { join } from 'node:path';
import { ConfigError } from '@pixy/config';
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
});
