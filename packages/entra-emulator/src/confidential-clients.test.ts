// Confidential clients and the client credentials grant, proven with the unmodified
// msal-node (a secret, and a certificate's client assertion), and as an attacker or a
// misconfigured client sees the token endpoint: Entra's errors, one credential per request.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import { createLocalJWKSet, decodeJwt, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiClientId,
  contoso,
  ids,
  postConfidential,
  secrets,
  spaClientId,
  startTestEmulator,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

const tasksDefault = `api://${apiClientId}/.default`;
const daemonCertificate = () => inject('daemonCertificate');

/** msal-node as a daemon would configure it, pointed at the emulator. */
function daemon(credential: Record<string, unknown>, clientId: string = ids.daemon) {
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: idp.authority,
      knownAuthorities: [new URL(idp.url).host],
      ...credential,
    },
  });
}

async function verified(token: string): Promise<JWTPayload> {
  const keys = await (await fetch(`${idp.authority}/discovery/v2.0/keys`)).json();
  const { payload } = await jwtVerify(token, createLocalJWKSet(keys as never), {
    issuer: `${idp.url}/${contoso}/v2.0`,
    audience: apiClientId,
  });
  return payload;
}

/** A client credentials request by hand, as a client without MSAL would send it. */
function postClientCredentials(
  form: Record<string, string>,
  headers: Record<string, string> = {},
  authority = idp.authority,
) {
  return postConfidential({ grant_type: 'client_credentials', ...form }, authority, headers);
}

describe('client credentials with msal-node', () => {
  it('gives the daemon an app-only token with a secret: its application permission in roles, no scp, idtyp app, oid = sub', async () => {
    const result = await daemon({ clientSecret: secrets.daemon }).acquireTokenByClientCredential({
      scopes: [tasksDefault],
    });
    const claims = await verified(result?.accessToken ?? '');
    expect(claims).toMatchObject({
      aud: apiClientId,
      tid: contoso,
      roles: ['Tasks.Read.All'],
      idtyp: 'app',
      azp: ids.daemon,
      azpacr: '1',
      ver: '2.0',
    });
    expect(claims.oid).toBe(claims.sub);
    expect(claims).not.toHaveProperty('scp');
    expect(claims).not.toHaveProperty('name');
    expect(claims).not.toHaveProperty('preferred_username');
  });

  it("authenticates the daemon with its certificate's client assertion (PS256, x5t#S256): azpacr 2", async () => {
    const { cert, key } = daemonCertificate();
    const thumbprintSha256 = createHash('sha256')
      .update(new X509Certificate(cert).raw)
      .digest('hex');
    const result = await daemon({
      clientCertificate: { thumbprintSha256, privateKey: key },
    }).acquireTokenByClientCredential({ scopes: [tasksDefault] });
    expect(await verified(result?.accessToken ?? '')).toMatchObject({
      azp: ids.daemon,
      azpacr: '2',
      roles: ['Tasks.Read.All'],
    });
  });

  it('authenticates the daemon with a SHA-1 thumbprint too (RS256, x5t), as older MSAL configurations do', async () => {
    const { cert, key } = daemonCertificate();
    const thumbprint = createHash('sha1').update(new X509Certificate(cert).raw).digest('hex');
    const result = await daemon({
      clientCertificate: { thumbprint, privateKey: key },
    }).acquireTokenByClientCredential({ scopes: [tasksDefault] });
    expect(await verified(result?.accessToken ?? '')).toMatchObject({ azpacr: '2' });
  });

  it('refuses a wrong secret as Entra does (invalid_client, AADSTS7000215), which msal-node reports', async () => {
    const refused = daemon({ clientSecret: 'guessed' }).acquireTokenByClientCredential({
      scopes: [tasksDefault],
    });
    await expect(refused).rejects.toBeInstanceOf(ServerError);
    await expect(refused).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringMatching(
        /Description: AADSTS7000215: Invalid client secret/,
      ) as unknown,
    });
  });
});

describe('client credentials, by hand', () => {
  const daemonSecret = { client_id: ids.daemon, client_secret: secrets.daemon };

  it('answers token_type, expires_in, ext_expires_in and access_token: no refresh token, no ID token', async () => {
    const { status, body } = await postClientCredentials({ ...daemonSecret, scope: tasksDefault });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'ext_expires_in',
      'token_type',
    ]);
  });

  it('takes the secret with HTTP Basic too (client_secret_basic)', async () => {
    const basic = Buffer.from(`${ids.daemon}:${secrets.daemon}`).toString('base64');
    const { status, body } = await postClientCredentials(
      { scope: tasksDefault },
      { authorization: `Basic ${basic}` },
    );
    expect(status).toBe(200);
    expect(decodeJwt(String(body.access_token))).toMatchObject({ azp: ids.daemon, azpacr: '1' });
  });

  it('issues no roles to an app that was granted none', async () => {
    const { body } = await postClientCredentials({
      client_id: ids.daemonWithoutPermissions,
      client_secret: secrets.daemon,
      scope: tasksDefault,
    });
    expect(decodeJwt(String(body.access_token))).not.toHaveProperty('roles');
  });

  const refusals: [string, Record<string, string>, number, string, number][] = [
    [
      'a wrong secret',
      { ...daemonSecret, client_secret: 'x', scope: tasksDefault },
      401,
      'invalid_client',
      7000215,
    ],
    [
      'no credential',
      { client_id: ids.daemon, scope: tasksDefault },
      401,
      'invalid_client',
      7000218,
    ],
    [
      'a public client (the SPA)',
      { client_id: spaClientId, scope: tasksDefault },
      401,
      'invalid_client',
      7000218,
    ],
    [
      'a scope without /.default',
      { ...daemonSecret, scope: `api://${apiClientId}/Tasks.Read` },
      400,
      'invalid_scope',
      70011,
    ],
    [
      'two resources',
      { ...daemonSecret, scope: `${tasksDefault} api://${ids.reports}/.default` },
      400,
      'invalid_scope',
      70011,
    ],
    [
      'an unknown resource',
      { ...daemonSecret, scope: 'api://nobody/.default' },
      400,
      'invalid_resource',
      500011,
    ],
    [
      'an unknown app',
      {
        client_id: '00000000-0000-4000-8000-000000000000',
        client_secret: 'x',
        scope: tasksDefault,
      },
      400,
      'unauthorized_client',
      700016,
    ],
  ];
  it.each(refusals)('refuses %s', async (_, form, status, error, code) => {
    const answer = await postClientCredentials(form);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error, error_codes: [code] });
    expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  });

  it('refuses /common and /consumers (AADSTS9001023), and serves /organizations as the home tenant', async () => {
    for (const segment of ['common', 'consumers']) {
      const answer = await postClientCredentials(
        { ...daemonSecret, scope: tasksDefault },
        {},
        idp.authorityFor(segment),
      );
      expect(answer.body).toMatchObject({ error: 'invalid_request', error_codes: [9001023] });
    }
    const organizations = await postClientCredentials(
      { ...daemonSecret, scope: tasksDefault },
      {},
      idp.authorityFor('organizations'),
    );
    expect(decodeJwt(String(organizations.body.access_token)).tid).toBe(contoso);
  });

  it('refuses two credentials at once', async () => {
    const basic = Buffer.from(`${ids.daemon}:${secrets.daemon}`).toString('base64');
    const answer = await postClientCredentials(
      { ...daemonSecret, scope: tasksDefault },
      { authorization: `Basic ${basic}` },
    );
    expect(answer.body).toMatchObject({ error: 'invalid_request' });
  });
});

describe('client assertions an attacker might forge', () => {
  const tokenEndpoint = () => `${idp.authority}/oauth2/v2.0/token`;

  async function assertion(
    claims: JWTPayload,
    header: Record<string, unknown> = {},
    key = daemonCertificate().key,
  ): Promise<string> {
    const thumbprint = createHash('sha256')
      .update(new X509Certificate(daemonCertificate().cert).raw)
      .digest('base64url');
    return new SignJWT({
      iss: ids.daemon,
      sub: ids.daemon,
      aud: tokenEndpoint(),
      jti: crypto.randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': thumbprint, ...header })
      .setIssuedAt()
      .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : '5m')
      .sign(createPrivateKey(key));
  }

  async function present(clientAssertion: string) {
    return postClientCredentials({
      client_id: ids.daemon,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
      scope: tasksDefault,
    });
  }

  it('accepts a well-formed one (the baseline the others change one thing of)', async () => {
    expect((await present(await assertion({}))).status).toBe(200);
  });

  it('refuses one signed with another key under the registered thumbprint (AADSTS700027)', async () => {
    const { privateKey } = await import('node:crypto').then(({ generateKeyPairSync }) =>
      generateKeyPairSync('rsa', { modulusLength: 2048 }),
    );
    const forged = await assertion(
      {},
      {},
      privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
    expect((await present(forged)).body).toMatchObject({
      error: 'invalid_client',
      error_codes: [700027],
    });
  });

  it('refuses one naming a certificate the app does not have (AADSTS700027)', async () => {
    const forged = await assertion({}, { 'x5t#S256': 'bm90LXJlZ2lzdGVyZWQ' });
    expect((await present(forged)).body).toMatchObject({ error_codes: [700027] });
  });

  it("refuses one for another audience (AADSTS700023), as replayed from another tenant's endpoint", async () => {
    const forged = await assertion({
      aud: `${idp.authorityFor('organizations')}/oauth2/v2.0/token`,
    });
    expect((await present(forged)).body).toMatchObject({ error_codes: [700023] });
  });

  it('refuses one issued for another client (AADSTS700021)', async () => {
    const forged = await assertion({ iss: ids.api, sub: ids.api });
    expect((await present(forged)).body).toMatchObject({ error_codes: [700021] });
  });

  it('refuses an expired one (AADSTS700024)', async () => {
    const forged = await assertion({ exp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await present(forged)).body).toMatchObject({ error_codes: [700024] });
  });
});
