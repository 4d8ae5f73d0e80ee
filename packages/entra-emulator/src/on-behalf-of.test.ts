// On-behalf-of: the API, a confidential client, trades the access token it was called with
// for a Microsoft Graph token for the same user, with the unmodified msal-node; and what a
// misbehaving middle tier or an attacker with someone else's token gets instead.
import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { microsoftGraph } from './emulator-config.js';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiClientId,
  apiScope,
  contoso,
  daemonToken,
  ids,
  oids,
  postConfidential,
  postOnBehalfOf,
  reportsScope,
  secrets,
  signInForTokens,
  startTestEmulator,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());
afterEach(() => idp.devControls.resetClock());

const graphUserRead = `${microsoftGraph.resource}/User.Read`;

/** The Tasks API as msal-node's confidential client, with its secret. */
function tasksApi(authority = idp.authority) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: apiClientId,
      authority,
      knownAuthorities: [new URL(idp.url).host],
      clientSecret: secrets.api,
    },
  });
}

async function accessTokenFor(user: string, scope = apiScope('Tasks.Read')): Promise<string> {
  return String((await signInForTokens(idp, user, scope)).access_token);
}

describe('acquireTokenOnBehalfOf (msal-node)', () => {
  it("gets a Graph token for Alice: Graph's audience, User.Read, her oid and tid, the API as azp", async () => {
    const result = await tasksApi().acquireTokenOnBehalfOf({
      oboAssertion: await accessTokenFor('alice'),
      scopes: [graphUserRead],
    });
    expect(decodeJwt(result?.accessToken ?? '')).toMatchObject({
      aud: microsoftGraph.appId,
      scp: 'User.Read',
      oid: oids.alice,
      tid: contoso,
      azp: apiClientId,
      azpacr: '1',
    });
    // …which the emulated Graph accepts.
    const me = await fetch(`${idp.url}/graph/v1.0/me`, {
      headers: { authorization: `Bearer ${result?.accessToken}` },
    });
    expect(me.status).toBe(200);
  });

  it('refuses Riley, who never consented to Graph, as Entra does: AADSTS65001 consent_required, an InteractionRequiredAuthError', async () => {
    const refusal = tasksApi().acquireTokenOnBehalfOf({
      oboAssertion: await accessTokenFor('riley'),
      scopes: [graphUserRead],
    });
    await expect(refusal).rejects.toBeInstanceOf(InteractionRequiredAuthError);
    await expect(refusal).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      subError: 'consent_required',
      errorMessage: expect.stringMatching(/AADSTS65001: /) as unknown,
    });
  });

  it('answers a revoked user with interaction_required and the claims to sign in again with (CAE)', async () => {
    const assertion = await accessTokenFor('bob');
    const { revokedAt } = await idp.devControls.revokeUser('bob');
    const refusal = tasksApi().acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: [graphUserRead],
    });
    await expect(refusal).rejects.toBeInstanceOf(InteractionRequiredAuthError);
    const error = (await refusal.catch(
      (caught: unknown) => caught,
    )) as InteractionRequiredAuthError;
    expect(error.errorMessage).toMatch(/AADSTS50173: /);
    expect(JSON.parse(error.claims)).toEqual({
      access_token: { nbf: { essential: true, value: String(revokedAt) } },
    });
  });
});

describe('assertions the middle tier must not get a token for', () => {
  const obo = (assertion: string) => postOnBehalfOf(idp, assertion, graphUserRead);

  it('refuses a token meant for another API (AADSTS500131): a middle tier cannot cash in tokens it merely saw', async () => {
    const forReports = await accessTokenFor('alice', reportsScope('Reports.Read'));
    expect((await obo(forReports)).body).toMatchObject({
      error: 'invalid_grant',
      error_codes: [500131],
    });
  });

  it('refuses an app-only token (AADSTS7000114): on-behalf-of is for users', async () => {
    const access_token = await daemonToken(idp, `api://${apiClientId}`);
    expect((await obo(access_token)).body).toMatchObject({ error_codes: [7000114] });
  });

  it('refuses an expired token (AADSTS500133)', async () => {
    const assertion = await accessTokenFor('alice');
    await idp.devControls.shiftClock(3 * 3600);
    expect((await obo(assertion)).body).toMatchObject({ error_codes: [500133] });
  });

  it('refuses a token the emulator did not sign (AADSTS50013)', async () => {
    const [header, payload] = (await accessTokenFor('alice')).split('.');
    const forged = `${header}.${payload}.${Buffer.from('not a signature').toString('base64url')}`;
    expect((await obo(forged)).body).toMatchObject({ error_codes: [50013] });
  });

  it('refuses a public client, which has no credential to prove it is the API', async () => {
    const response = await postConfidential(
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        client_id: ids.spa,
        assertion: await accessTokenFor('alice'),
        scope: graphUserRead,
      },
      idp.authority,
    );
    expect(response).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_codes: [7000218] },
    });
  });

  it('refuses a wrong secret with msal-node too (invalid_client)', async () => {
    const api = new ConfidentialClientApplication({
      auth: {
        clientId: apiClientId,
        authority: idp.authority,
        knownAuthorities: [new URL(idp.url).host],
        clientSecret: 'guessed',
      },
    });
    await expect(
      api.acquireTokenOnBehalfOf({
        oboAssertion: await accessTokenFor('alice'),
        scopes: [graphUserRead],
      }),
    ).rejects.toBeInstanceOf(ServerError);
  });
});
