// The authorization code flow with PKCE, driven by openid-client (a certified relying
// party), with every token verified by jose against the emulator's JWKS.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from './start-emulator.js';
import {
  anyString,
  apiClientId,
  apiScope,
  discoverAsSpa,
  redeemCode,
  ids,
  oids,
  reportsScope,
  signInForCode,
  spaClientId,
  spaRedirectUri,
  startTestEmulator,
  TestBrowser,
} from '../test-support/test-emulator.js';

let idp: RunningEmulator;
let config: client.Configuration;
let jwks: ReturnType<typeof createRemoteJWKSet>;

beforeAll(async () => {
  idp = await startTestEmulator();
  config = await discoverAsSpa(idp);
  jwks = createRemoteJWKSet(new URL(`${idp.authority}/discovery/v2.0/keys`));
});
afterAll(() => idp.close());

const readScope = `${apiScope('Tasks.Read')} openid profile offline_access`;

/** Signs `user` in through the sign-in page, then redeems the code with openid-client. */
async function signIn(user: string, scope = readScope, browser = new TestBrowser(idp)) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: spaRedirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const page = await browser.fetch(url.href);
  expect(page.status).toBe(200);
  const redirect = await browser.signIn(url.searchParams, user);
  const location = redirect.headers.get('location');
  expect(redirect.status).toBe(302);
  const tokens = await client.authorizationCodeGrant(
    config,
    new URL(location ?? ''),
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
    { scope },
  );
  return { tokens, nonce, browser };
}

async function verify(token: string, audience: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, jwks, {
    issuer: idp.issuer,
    audience,
    algorithms: ['RS256'],
  });
  return payload;
}

describe('openid-client against the emulator', () => {
  it('discovers Entra v2.0 endpoints under the tenant, with the issuer at /v2.0', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(`${idp.url}/${idp.tenantId}/v2.0`);
    expect(metadata.authorization_endpoint).toBe(`${idp.authority}/oauth2/v2.0/authorize`);
    expect(metadata.token_endpoint).toBe(`${idp.authority}/oauth2/v2.0/token`);
    expect(metadata.jwks_uri).toBe(`${idp.authority}/discovery/v2.0/keys`);
    expect(metadata.end_session_endpoint).toBe(`${idp.authority}/oauth2/v2.0/logout`);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.response_types_supported).toEqual(['code']);
  });

  it('signs Alice in with code + PKCE and issues Entra-shaped ID and access tokens', async () => {
    const { tokens, nonce } = await signIn('alice');
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBeGreaterThan(300);
    expect(tokens.scope).toBe(apiScope('Tasks.Read'));
    expect(tokens.refresh_token).toEqual(anyString);

    const idToken = await verify(tokens.id_token ?? '', spaClientId);
    expect(idToken).toMatchObject({
      aud: spaClientId,
      nonce,
      oid: oids.alice,
      tid: idp.tenantId,
      name: 'Alice Adams',
      preferred_username: 'alice@contoso.test',
      ver: '2.0',
      login_hint: anyString,
      sid: anyString,
    });

    const accessToken = await verify(tokens.access_token, apiClientId);
    expect(accessToken).toMatchObject({
      aud: apiClientId,
      scp: 'Tasks.Read',
      azp: spaClientId,
      azpacr: '0',
      oid: oids.alice,
      tid: idp.tenantId,
      sid: idToken.sid,
      ver: '2.0',
      uti: anyString,
      rh: anyString,
      aio: anyString,
    });
    expect(accessToken).not.toHaveProperty('roles');
    expect(accessToken.exp).toBe((accessToken.iat ?? 0) + (tokens.expires_in ?? 0));
    expect(accessToken.nbf).toBe(accessToken.iat);
    // Pairwise: the same user has a different sub in each application.
    expect(accessToken.sub).not.toBe(idToken.sub);
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
      kid: anyString,
    });
  });

  it("returns client_info (MSAL's home account uid.utid) when asked with client_info=1", async () => {
    const body = await redeemCode(idp, await signInForCode(idp, 'bob'));
    const info: unknown = JSON.parse(
      Buffer.from(String(body.client_info), 'base64url').toString('utf8'),
    );
    expect(info).toEqual({ uid: oids.bob, utid: idp.tenantId });
  });

  it("puts Ada's app role in the API's access token, not in the SPA's ID token", async () => {
    const { tokens } = await signIn('ada');
    expect((await verify(tokens.access_token, apiClientId)).roles).toEqual(['Tasks.Admin']);
    expect(await verify(tokens.id_token ?? '', spaClientId)).not.toHaveProperty('roles');
  });

  it('signs in silently with the session (SSO) and never returns fewer scopes than asked', async () => {
    const { browser } = await signIn('alice');
    const both = `${apiScope('Tasks.Read')} ${apiScope('Tasks.ReadWrite')} openid`;
    const { tokens } = await signInSilently(browser, both);
    expect((await verify(tokens.access_token, apiClientId)).scp).toBe(
      `${'Tasks.Read'} ${'Tasks.ReadWrite'}`,
    );
  });

  async function signInSilently(browser: TestBrowser, scope: string) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: spaRedirectUri,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      prompt: 'none',
    });
    const redirect = await browser.fetch(url.href);
    const tokens = await client.authorizationCodeGrant(
      config,
      new URL(redirect.headers.get('location') ?? ''),
      { pkceCodeVerifier: verifier, expectedState: state },
      { scope },
    );
    return { tokens };
  }
});

describe('refresh tokens, like Entra', () => {
  it('rotate: each use returns a new one, which works in turn', async () => {
    const { tokens } = await signIn('alice');
    const used = tokens.refresh_token ?? '';
    const refreshed = await client.refreshTokenGrant(config, used, { scope: readScope });
    expect(refreshed.refresh_token).toEqual(anyString);
    expect(refreshed.refresh_token).not.toBe(used);
    const again = await client.refreshTokenGrant(config, refreshed.refresh_token ?? '', {
      scope: readScope,
    });
    expect(again.access_token).toEqual(anyString);
  });

  it('are redeemable for another consented scope and another API, one API per request', async () => {
    const { tokens } = await signIn('alice');
    const writeScope = `${apiScope('Tasks.ReadWrite')} openid profile offline_access`;
    const write = await client.refreshTokenGrant(config, tokens.refresh_token ?? '', {
      scope: writeScope,
    });
    expect((await verify(write.access_token, apiClientId)).scp).toBe('Tasks.ReadWrite');

    const reports = await client.refreshTokenGrant(config, write.refresh_token ?? '', {
      scope: `${reportsScope('Reports.Read')} openid profile offline_access`,
    });
    const reportsToken = await verify(reports.access_token, ids.reports);
    expect(reportsToken.scp).toBe('Reports.Read');
    expect(reports.scope).toBe(reportsScope('Reports.Read'));

    await expect(
      client.refreshTokenGrant(config, reports.refresh_token ?? '', {
        scope: `${apiScope('Tasks.Read')} ${reportsScope('Reports.Read')}`,
      }),
    ).rejects.toMatchObject({ error: 'invalid_scope', cause: { error_codes: [28000] } });
  });

  it('rotate even when the refresh does not ask for offline_access, so the client keeps one', async () => {
    const { tokens } = await signIn('bob');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '', {
      scope: apiScope('Tasks.Read'),
    });
    expect(refreshed.refresh_token).toEqual(anyString);
    expect(refreshed).not.toHaveProperty('id_token');
  });

  it('give every consented scope for <api>/.default', async () => {
    const { tokens } = await signIn('riley');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '', {
      scope: `${apiScope('.default')} openid offline_access`,
    });
    expect((await verify(refreshed.access_token, apiClientId)).scp).toBe('Tasks.Read');
  });
});

describe('refresh-token reuse revokes the whole family (RFC 9700 §4.14.2)', () => {
  const refusedAsReplayed = {
    error: 'invalid_grant',
    error_description: expect.stringMatching(
      /^AADSTS70008: The refresh token was already redeemed/,
    ) as unknown,
  };

  it('a thief who redeems a stolen refresh token first loses the tokens he got once the victim uses it', async () => {
    const { tokens } = await signIn('alice');
    const stolen = tokens.refresh_token ?? '';
    const thief = await client.refreshTokenGrant(config, stolen, { scope: readScope });
    expect(thief.access_token).toEqual(anyString);

    // The victim's client still holds the same token and redeems it: a replay.
    await expect(
      client.refreshTokenGrant(config, stolen, { scope: readScope }),
    ).rejects.toMatchObject(refusedAsReplayed);
    // The thief's rotated token is part of the revoked family.
    await expect(
      client.refreshTokenGrant(config, thief.refresh_token ?? '', { scope: readScope }),
    ).rejects.toMatchObject({ error: 'invalid_grant', cause: { error_codes: [70008] } });
  });

  it("a thief who replays a refresh token the victim already rotated revokes the victim's newest one too", async () => {
    const { tokens } = await signIn('bob');
    const old = tokens.refresh_token ?? '';
    const victim = await client.refreshTokenGrant(config, old, { scope: readScope });

    await expect(client.refreshTokenGrant(config, old, { scope: readScope })).rejects.toMatchObject(
      refusedAsReplayed,
    );
    await expect(
      client.refreshTokenGrant(config, victim.refresh_token ?? '', { scope: readScope }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it("leaves the user's other sign-ins alone", async () => {
    const { tokens: first } = await signIn('bob');
    const { tokens: second } = await signIn('bob');
    const old = first.refresh_token ?? '';
    await client.refreshTokenGrant(config, old, { scope: readScope });
    await expect(client.refreshTokenGrant(config, old, { scope: readScope })).rejects.toThrow();

    const other = await client.refreshTokenGrant(config, second.refresh_token ?? '', {
      scope: readScope,
    });
    expect(other.access_token).toEqual(anyString);
  });
});

describe('consent, like Entra', () => {
  it('gives Riley Tasks.Read, and refuses Tasks.ReadWrite with AADSTS65001 without burning the refresh token', async () => {
    const { tokens } = await signIn('riley');
    expect((await verify(tokens.access_token, apiClientId)).scp).toBe('Tasks.Read');

    const refusal = client.refreshTokenGrant(config, tokens.refresh_token ?? '', {
      scope: `${apiScope('Tasks.ReadWrite')} openid offline_access`,
    });
    await expect(refusal).rejects.toMatchObject({
      error: 'invalid_grant',
      cause: { suberror: 'consent_required', error_codes: [65001] },
    });
    await expect(refusal).rejects.toHaveProperty(
      'error_description',
      expect.stringMatching(/^AADSTS65001: /) as unknown,
    );
    const stillValid = await client.refreshTokenGrant(config, tokens.refresh_token ?? '', {
      scope: readScope,
    });
    expect(stillValid.access_token).toEqual(anyString);
  });

  it('answers an interactive request of Riley for Tasks.ReadWrite with error=access_denied', async () => {
    const browser = new TestBrowser(idp);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: spaRedirectUri,
      scope: `${apiScope('Tasks.ReadWrite')} openid`,
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 'riley-state',
    });
    const redirect = await browser.signIn(url.searchParams, 'riley');
    const reply = new URL(redirect.headers.get('location') ?? '').searchParams;
    expect(reply.get('error')).toBe('access_denied');
    expect(reply.get('state')).toBe('riley-state');
    expect(reply.get('code')).toBeNull();
  });
});
