// The emulated Microsoft Graph's /me: the profile of the token's user for a Graph token with
// User.Read, Graph's refusals for every other token, and the CAE claims challenge once the
// user is revoked, until the user signs in again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microsoftGraph } from './emulator-config.js';
import type { RunningEmulator } from './start-emulator.js';
import {
  apiScope,
  contoso,
  daemonToken,
  oids,
  postOnBehalfOf,
  signInForTokens,
  startTestEmulator,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
beforeAll(async () => {
  idp = await startTestEmulator();
});
afterAll(() => idp.close());

const graphUserRead = `${microsoftGraph.resource}/User.Read`;

async function me(token?: string): Promise<Response> {
  return fetch(`${idp.url}/graph/v1.0/me`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

/** A Graph token for `user` the way an API gets one: on-behalf-of, from the user's API token. */
async function graphTokenFor(user: string, authority = idp.authority): Promise<string> {
  const apiToken = String(
    (await signInForTokens(idp, user, apiScope('Tasks.Read'), authority)).access_token,
  );
  const { body } = await postOnBehalfOf(idp, apiToken, graphUserRead, authority);
  if (typeof body.access_token !== 'string')
    throw new Error(`No Graph token: ${JSON.stringify(body)}`);
  return body.access_token;
}

describe('GET /graph/v1.0/me', () => {
  it("answers a Graph token with User.Read with its user's profile", async () => {
    const response = await me(await graphTokenFor('alice'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: oids.alice,
      displayName: 'Alice Adams',
      mail: 'alice@contoso.test',
      userPrincipalName: 'alice@contoso.test',
      jobTitle: 'Engineer',
      officeLocation: 'Building 1',
    });
  });

  it('answers with the guest object in the tenant of the token', async () => {
    const response = await me(await graphTokenFor('gus', idp.authorityFor(contoso)));
    expect(await response.json()).toMatchObject({
      id: oids.gusInContoso,
      displayName: 'Gus Guest',
    });
  });

  it('answers a request without a token with 401 and a Bearer challenge', async () => {
    const response = await me();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="", authorization_uri="/,
    );
    expect(await response.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it("answers a token for another API (the user's own API token) with 401", async () => {
    const apiToken = String(
      (await signInForTokens(idp, 'alice', apiScope('Tasks.Read'))).access_token,
    );
    const response = await me(apiToken);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('answers a forged token (a valid one with its claims changed) with 401', async () => {
    const [header, payload, signature] = (await graphTokenFor('alice')).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(JSON.stringify({ ...claims, oid: oids.ada })).toString('base64url');
    expect((await me(`${header}.${forged}.${signature}`)).status).toBe(401);
  });

  it('answers a Graph token without User.Read with 403, as Graph does', async () => {
    // Riley consented to no Graph permission: her sign-in's Graph token has OIDC scopes only.
    const oidcOnly = await signInForTokens(idp, 'riley', 'openid');
    const response = await me(String(oidcOnly.access_token));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
  });

  it('answers an app-only Graph token with 400: /me needs a user', async () => {
    expect((await me(await daemonToken(idp, microsoftGraph.resource))).status).toBe(400);
  });

  it('lets a browser read the challenge (CORS exposes WWW-Authenticate)', async () => {
    const response = await me();
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/i);
  });
});

describe('continuous access evaluation', () => {
  it("challenges a revoked user's older tokens with insufficient_claims and the nbf to sign in after", async () => {
    const token = await graphTokenFor('bob');
    expect((await me(token)).status).toBe(200);

    const { revokedAt } = await idp.devControls.revokeUser('bob');
    const response = await me(token);
    expect(response.status).toBe(401);
    const header = response.headers.get('www-authenticate') ?? '';
    expect(header).toMatch(
      /^Bearer realm="", authorization_uri="https:\/\/localhost:\d+\/common\/oauth2\/v2.0\/authorize"/,
    );
    expect(header).toContain('error="insufficient_claims"');
    const claims = /claims="([^"]+)"/.exec(header)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(claims, 'base64').toString())).toEqual({
      access_token: { nbf: { essential: true, value: String(revokedAt) } },
    });

    // A fresh sign-in gives tokens Graph accepts again.
    expect((await me(await graphTokenFor('bob'))).status).toBe(200);
  });

  it("challenges a disabled user's tokens until the user is enabled again", async () => {
    const token = await graphTokenFor('ada');
    await idp.devControls.disableUser('ada');
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_claims"');
    await idp.devControls.enableUser('ada');
    expect((await me(token)).status).toBe(200);
  });
});
