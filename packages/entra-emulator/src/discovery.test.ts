// Discovery and keys, as MSAL and an API's JWKS client read them.
import { createHash, X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import { spaOrigin, startTestEmulator, tempDataDir } from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

describe('the OpenID configuration', () => {
  it('is served at <authority>/v2.0/.well-known/openid-configuration with CORS for the browser', async () => {
    const response = await fetch(`${idp.authority}/v2.0/.well-known/openid-configuration`, {
      headers: { origin: spaOrigin },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const configuration = (await response.json()) as Record<string, string>;
    // MSAL requires the issuer's scheme, host and port to be the authority's.
    expect(new URL(configuration.issuer ?? '').origin).toBe(new URL(idp.authority).origin);
    expect(configuration).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.authority}/oauth2/v2.0/authorize`,
      token_endpoint: `${idp.authority}/oauth2/v2.0/token`,
      jwks_uri: `${idp.authority}/discovery/v2.0/keys`,
      end_session_endpoint: `${idp.authority}/oauth2/v2.0/logout`,
    });
  });

  it('explains a request for another tenant', async () => {
    const response = await fetch(
      `${idp.url}/11111111-2222-4333-8444-555555555555/v2.0/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_codes: [90002] });
  });
});

describe('the JWKS', () => {
  it("publishes Entra's members and no private ones, with a certificate matching each key", async () => {
    const response = await fetch(`${idp.authority}/discovery/v2.0/keys`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    const key = keys[0] ?? {};
    expect(Object.keys(key).sort()).toEqual([
      'e',
      'issuer',
      'kid',
      'kty',
      'n',
      'use',
      'x5c',
      'x5t',
    ]);
    // Templated, as Entra's: an API substitutes the token's tid (IdentityModel's signing-key issuer check).
    expect(key).toMatchObject({ kty: 'RSA', use: 'sig', issuer: `${idp.url}/{tenantid}/v2.0` });

    const certificate = new X509Certificate(Buffer.from((key.x5c as string[])[0] ?? '', 'base64'));
    const jwk = certificate.publicKey.export({ format: 'jwk' });
    expect({ n: key.n, e: key.e }).toEqual({ n: jwk.n, e: jwk.e });
    const thumbprint = createHash('sha1').update(certificate.raw).digest('base64url');
    expect(key.x5t).toBe(thumbprint);
    expect(key.kid).toBe(thumbprint);
  });

  it('keeps its signing keys across restarts of the same data folder', async () => {
    const dataDir = tempDataDir();
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const kidOf = async (running: RunningEmulator) => {
      const { keys } = (await (await fetch(`${running.authority}/discovery/v2.0/keys`)).json()) as {
        keys: { kid: string }[];
      };
      return keys[0]?.kid;
    };
    const first = await startTestEmulator({ dataDir });
    const kid = await kidOf(first);
    await first.close();
    const second = await startTestEmulator({ dataDir });
    expect(await kidOf(second)).toBe(kid);
    await second.close();
  });
});

describe('listening', () => {
  it('answers on every loopback address of the machine, so https://localhost works for any resolver', async () => {
    const hasIpv6Loopback = Object.values(networkInterfaces())
      .flat()
      .some((address) => address?.address === '::1');
    const hosts = hasIpv6Loopback ? ['127.0.0.1', '[::1]'] : ['127.0.0.1'];
    for (const host of hosts) {
      const response = await fetch(`https://${host}:${idp.port}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/Local development identity provider/);
    }
  });
});
