import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigReader } from './config-reader.js';
import {
  parseWebRuntimeConfig,
  readWebConfig,
  renderWebConfigScript,
  webConfigGlobal,
  type WebConfig,
} from './web-config.js';

function webConfigFor(env: Record<string, string>): WebConfig {
  const reader = new ConfigReader(env);
  const config = readWebConfig(reader);
  reader.finish();
  return config;
}

const entra = {
  AUTH_AUTHORITY: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555',
  SPA_CLIENT_ID: '21111111-2222-3333-4444-555555555555',
  API_CLIENT_ID: '31111111-2222-3333-4444-555555555555',
  API_URL: 'https://api.contoso.example/',
};

/** What the SPA reads after running /config.js in a page. */
function runConfigScript(script: string): unknown {
  const window: Record<string, unknown> = {};
  runInNewContext(script, { window });
  return window[webConfigGlobal];
}

describe('the configuration the SPA runs with', () => {
  it('defaults to the local emulator, which MSAL must be told to trust', () => {
    const config = webConfigFor({});
    expect(config.authority).toMatch(/^https:\/\/localhost:8443\/[0-9a-f-]{36}$/);
    expect(config.knownAuthorities).toEqual(['localhost:8443']);
    expect(config.apiUrl).toBe('http://localhost:3000');
  });

  it('lists no known authorities for Microsoft Entra ID (MSAL knows its hosts)', () => {
    expect(webConfigFor(entra).knownAuthorities).toEqual([]);
  });

  it('needs no OpenAPI or daemon registration (the SPA uses neither)', () => {
    expect(() => webConfigFor(entra)).not.toThrow();
  });

  it('stops on a bad value, naming the variable', () => {
    expect(() => webConfigFor({ SPA_CLIENT_ID: 'not-a-guid' })).toThrow(ConfigError);
    expect(() => webConfigFor({ SPA_CLIENT_ID: 'not-a-guid' })).toThrow(/SPA_CLIENT_ID/);
  });
});

describe('/config.js', () => {
  it('holds exactly the four values an operator sets, nothing else from the environment', () => {
    const env = { ...entra, DATABASE_URL: 'postgres://secret@db/x', API_CLIENT_SECRET: 'secret' };
    const script = renderWebConfigScript(webConfigFor(env));
    expect(script).not.toContain('secret');
    expect(runConfigScript(script)).toEqual({
      authority: entra.AUTH_AUTHORITY,
      spaClientId: entra.SPA_CLIENT_ID,
      apiClientId: entra.API_CLIENT_ID,
      apiUrl: 'https://api.contoso.example',
    });
  });

  it('reads back, in the browser, as the configuration it was written from', () => {
    const config = webConfigFor(entra);
    expect(parseWebRuntimeConfig(runConfigScript(renderWebConfigScript(config)))).toEqual({
      config,
    });
  });

  it('says what to do when it is missing', () => {
    const { problems } = parseWebRuntimeConfig(undefined);
    expect(problems).toEqual([expect.stringMatching(/did not set window\.pixyConfig.*API_URL/)]);
  });

  it('names each variable that is missing, with no local default assumed', () => {
    const { problems } = parseWebRuntimeConfig({ authority: entra.AUTH_AUTHORITY, apiUrl: '' });
    expect(problems).toEqual([
      'SPA_CLIENT_ID is not set (/config.js has no "spaClientId").',
      'API_CLIENT_ID is not set (/config.js has no "apiClientId").',
      'API_URL is not set (/config.js has no "apiUrl").',
    ]);
  });

  it('applies the Node apps’ rules, with their messages', () => {
    const { problems } = parseWebRuntimeConfig({
      authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com',
      spaClientId: entra.SPA_CLIENT_ID,
      apiClientId: entra.SPA_CLIENT_ID,
      apiUrl: 'ftp://api.contoso.example',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^AUTH_AUTHORITY must end in the tenant ID/),
      expect.stringMatching(/^SPA_CLIENT_ID and API_CLIENT_ID are the same/),
      expect.stringMatching(/^API_URL must be an http or https URL/),
    ]);
  });
});
