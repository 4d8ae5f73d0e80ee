// Tenants as at Entra: each tenant's endpoints, the multi-tenant /organizations, /common and
// /consumers with a templated issuer, per-key issuers in the JWKS, a partner's member, a
// guest (B2B) and a personal Microsoft account, and the apps' signInAudience.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalAccountsTenantId } from './emulator-config.js';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiClientId,
  apiScope,
  authorizeParams,
  contoso,
  fabrikam,
  ids,
  newPkce,
  oids,
  postToken,
  redeemCode,
  replyOf,
  reportsScope,
  signInForCode,
  signInForTokens,
  startTestEmulator,
  TestBrowser,
  codeForm,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

type Keys = { keys: (JWK & { issuer: string })[] };
const jwksAt = async (segment: string) =>
  (await (await fetch(`${idp.url}/${segment}/discovery/v2.0/keys`)).json()) as Keys;
const discoveryAt = async (segment: string) =>
  (await (
    await fetch(`${idp.url}/${segment}/v2.0/.well-known/openid-configuration`)
  ).json()) as Record<string, string>;

/**
 * What an API that validates like Microsoft.IdentityModel does: signature by a key of the
 * JWKS, `iss` = the discovery issuer with `{tenantid}` replaced by `tid`, and the signing
 * key's own `issuer`, templated the same way, equal to `iss`.
 */
async function validateAt(segment: string, token: string, audience: string) {
  const { keys } = await jwksAt(segment);
  const { payload } = await jwtVerify(token, createLocalJWKSet({ keys }), { audience });
  const tid = String(payload.tid);
  expect(payload.iss).toBe((await discoveryAt(segment)).issuer?.replace('{tenantid}', tid));
  const key = keys.find((candidate) => candidate.kid === decodeProtectedHeader(token).kid);
  expect(key?.issuer.replace('{tenantid}', tid)).toBe(payload.iss);
  return payload;
}

/** Signs `user` in at the authority `segment` and redeems the code for the API. */
const signInAt = (segment: string, user: string) =>
  signInForTokens(idp, user, apiScope('Tasks.Read'), idp.authorityFor(segment));

describe('discovery and keys of each authority', () => {
  it.each([
    ['organizations', '{tenantid}'],
    ['common', '{tenantid}'],
    ['consumers', personalAccountsTenantId],
    [contoso, contoso],
    [fabrikam, fabrikam],
  ])(
    'serves /%s with issuer …/%s/v2.0 and its endpoints under it',
    async (segment, issuerTenant) => {
      expect(await discoveryAt(segment)).toMatchObject({
        issuer: `${idp.url}/${issuerTenant}/v2.0`,
        authorization_endpoint: `${idp.url}/${segment}/oauth2/v2.0/authorize`,
        token_endpoint: `${idp.url}/${segment}/oauth2/v2.0/token`,
        jwks_uri: `${idp.url}/${segment}/discovery/v2.0/keys`,
      });
    },
  );

  it("publishes the organizations' keys with a templated issuer, the personal accounts' keys with a literal one", async () => {
    const issuers = async (segment: string) =>
      (await jwksAt(segment)).keys.map((key) => key.issuer);
    const organizations = `${idp.url}/{tenantid}/v2.0`;
    const personal = `${idp.url}/${personalAccountsTenantId}/v2.0`;
    expect(await issuers('organizations')).toEqual([organizations]);
    expect(await issuers(contoso)).toEqual([organizations]);
    expect(await issuers('consumers')).toEqual([personal]);
    expect(await issuers(personalAccountsTenantId)).toEqual([personal]);
    expect(await issuers('common')).toEqual([organizations, personal]);
  });

  it('answers a tenant it does not have with AADSTS90002', async () => {
    const response = await fetch(
      `${idp.url}/11111111-2222-4333-8444-555555555555/v2.0/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });
});

describe("a partner's member: Fiona of Fabrikam", () => {
  it('signs in through /organizations into her own tenant, and the token validates there', async () => {
    const tokens = await signInAt('organizations', 'fiona');
    const claims = await validateAt('organizations', String(tokens.access_token), apiClientId);
    expect(claims).toMatchObject({
      tid: fabrikam,
      oid: oids.fiona,
      iss: `${idp.url}/${fabrikam}/v2.0`,
      acct: 0,
      preferred_username: 'fiona@fabrikam.test',
    });
    expect(claims).not.toHaveProperty('idp');
    const info: unknown = JSON.parse(
      Buffer.from(String(tokens.client_info), 'base64url').toString(),
    );
    expect(info).toEqual({ uid: oids.fiona, utid: fabrikam });
  });

  it("is not offered at Contoso's own authority, and a post naming her there is refused", async () => {
    const browser = new TestBrowser(idp);
    const params = authorizeParams(await newPkce(), { prompt: 'login' });
    const page = await (await browser.authorize(params)).text();
    expect(page).toContain('Alice Adams');
    expect(page).not.toContain('Fiona');
    const forged = new URLSearchParams(params);
    const response = await browser.signIn(forged, 'fiona');
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/AADSTS50020/);
  });

  it("cannot redeem a code from Fabrikam at Contoso's token endpoint (AADSTS700005)", async () => {
    const browser = new TestBrowser(idp, idp.authorityFor('organizations'));
    const signedIn = await signInForCode(idp, 'fiona', {}, browser);
    const response = await postToken(idp, codeForm(signedIn));
    expect(await response.json()).toMatchObject({
      error: 'invalid_grant',
      error_codes: [700005],
    });
  });
});

describe('a guest: Gus, at home in Fabrikam, invited to Contoso', () => {
  it("gets a Contoso token as a guest: Contoso's tid and iss, the guest's oid, his home issuer as idp, acct 1", async () => {
    const tokens = await signInAt(contoso, 'gus');
    const claims = await validateAt(contoso, String(tokens.access_token), apiClientId);
    expect(claims).toMatchObject({
      tid: contoso,
      iss: `${idp.url}/${contoso}/v2.0`,
      oid: oids.gusInContoso,
      idp: `${idp.url}/${fabrikam}/v2.0`,
      acct: 1,
      preferred_username: 'gus@fabrikam.test',
    });
    // MSAL's home account stays his home tenant's.
    const info: unknown = JSON.parse(
      Buffer.from(String(tokens.client_info), 'base64url').toString(),
    );
    expect(info).toEqual({ uid: oids.gus, utid: fabrikam });
  });

  it('signs in as a member of Fabrikam through /organizations', async () => {
    const tokens = await signInAt('organizations', 'gus');
    const claims = decodeJwt(String(tokens.access_token));
    expect(claims).toMatchObject({ tid: fabrikam, oid: oids.gus, acct: 0 });
    expect(claims).not.toHaveProperty('idp');
  });
});

describe('a personal Microsoft account: Max', () => {
  it('signs in through /common into the personal accounts tenant, signed with their key', async () => {
    const tokens = await signInAt('common', 'max');
    const claims = await validateAt('common', String(tokens.access_token), apiClientId);
    expect(claims).toMatchObject({
      tid: personalAccountsTenantId,
      iss: `${idp.url}/${personalAccountsTenantId}/v2.0`,
      oid: oids.max,
    });
    const kid = decodeProtectedHeader(String(tokens.access_token)).kid;
    expect((await jwksAt('consumers')).keys.map((key) => key.kid)).toContain(kid);
    expect((await jwksAt('organizations')).keys.map((key) => key.kid)).not.toContain(kid);
  });

  it('signs in through /consumers, where he is the only one offered', async () => {
    const browser = new TestBrowser(idp, idp.authorityFor('consumers'));
    const page = await (await browser.authorize(authorizeParams(await newPkce()))).text();
    expect(page).toContain('Max Personal');
    expect(page).not.toContain('Alice Adams');
    const tokens = await signInAt('consumers', 'max');
    expect(decodeJwt(String(tokens.access_token)).tid).toBe(personalAccountsTenantId);
  });

  it('is not offered at /organizations', async () => {
    const browser = new TestBrowser(idp, idp.authorityFor('organizations'));
    const page = await (await browser.authorize(authorizeParams(await newPkce()))).text();
    expect(page).toContain('Fiona Fabrikam');
    expect(page).not.toContain('Max Personal');
  });

  it('gets no token for an API that accepts organizations only (AADSTS500011)', async () => {
    const browser = new TestBrowser(idp, idp.authorityFor('common'));
    const signedIn = await signInForCode(
      idp,
      'max',
      { scope: `${reportsScope('Reports.Read')} openid` },
      browser,
    );
    await expect(redeemCode(idp, signedIn)).rejects.toThrow(/AADSTS500011/);
  });
});

describe("apps' signInAudience", () => {
  const singleTenant = {
    client_id: ids.singleTenantSpa,
    redirect_uri: 'http://localhost:3000/docs/oauth2-redirect.html',
  };

  it('refuses a single-tenant app at /common and /organizations (AADSTS50194)', async () => {
    for (const segment of ['common', 'organizations']) {
      const browser = new TestBrowser(idp, idp.authorityFor(segment));
      const reply = replyOf(
        await browser.authorize(authorizeParams(await newPkce(), singleTenant)),
      );
      expect(reply.get('error')).toBe('invalid_request');
      expect(reply.get('error_description')).toMatch(/^AADSTS50194: /);
    }
  });

  it('refuses an app for organizations only at /consumers (AADSTS9002332)', async () => {
    const browser = new TestBrowser(idp, idp.authorityFor('consumers'));
    const reply = replyOf(await browser.authorize(authorizeParams(await newPkce(), singleTenant)));
    expect(reply.get('error_description')).toMatch(/^AADSTS9002332: /);
  });

  it('refuses a single-tenant app at a tenant it is not registered in (AADSTS700016)', async () => {
    const browser = new TestBrowser(idp, idp.authorityFor(fabrikam));
    const reply = replyOf(await browser.authorize(authorizeParams(await newPkce(), singleTenant)));
    expect(reply.get('error')).toBe('unauthorized_client');
    expect(reply.get('error_description')).toMatch(/^AADSTS700016: /);
  });
});
