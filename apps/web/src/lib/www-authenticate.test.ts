import { describe, expect, it } from 'vitest';
import { claimsFromChallenge, decodeBase64, parseWwwAuthenticate } from './www-authenticate';

// The example of Microsoft Entra's "Claims challenges, claims requests and client
// capabilities" page (learn.microsoft.com/entra/identity-platform/claims-challenge).
const entraDocsExample =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'error="insufficient_claims", ' +
  'claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiY3AxIn19fQ=="';

// Microsoft Graph's continuous access evaluation challenge, in the shape MSAL.NET's CAE
// tests record it (client_id, an errorDescription, then error and claims), with the
// claims they decode to: {"access_token":{"nbf":{"essential":true,"value":"1502185177"}}}.
const graphCaeChallenge =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  'client_id="00000003-0000-0000-c000-000000000000", ' +
  'errorDescription="Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp", ' +
  'error="insufficient_claims", ' +
  'claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNTAyMTg1MTc3In19fQ=="';

// Pixy's API, for a step-up (authentication context c1), as apps/api sends it.
const pixyStepUp =
  'Bearer realm="", authorization_uri="https://localhost:8443/9f1c2b3a-7d4e-4c5b-8a69-0e1f2a3b4c5d/oauth2/v2.0/authorize", ' +
  'client_id="6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f", error="insufficient_claims", ' +
  'claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19", cc_type="authcontext"';

describe('parseWwwAuthenticate', () => {
  it('reads every parameter of a Bearer challenge, names in lower case', () => {
    expect(parseWwwAuthenticate(graphCaeChallenge)).toEqual([
      {
        scheme: 'Bearer',
        params: {
          realm: '',
          authorization_uri: 'https://login.microsoftonline.com/common/oauth2/authorize',
          client_id: '00000003-0000-0000-c000-000000000000',
          errordescription:
            'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
          error: 'insufficient_claims',
          claims:
            'eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNTAyMTg1MTc3In19fQ==',
        },
      },
    ]);
  });

  it('keeps commas and escaped quotes inside quoted strings', () => {
    const [challenge] = parseWwwAuthenticate(
      'Bearer error="invalid_token", error_description="Expired, at 10:00; see \\"docs\\", then retry"',
    );
    expect(challenge?.params).toEqual({
      error: 'invalid_token',
      error_description: 'Expired, at 10:00; see "docs", then retry',
    });
  });

  it('tells several challenges in one header apart (RFC 9110’s example, and Bearer beside PoP)', () => {
    expect(
      parseWwwAuthenticate(
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
      ),
    ).toEqual([
      { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'Basic', params: { realm: 'simple' } },
    ]);
    const both = parseWwwAuthenticate(
      'PoP realm="", nonce="abc,def", Bearer realm="", error="insufficient_claims", claims="e30="',
    );
    expect(both.map((c) => c.scheme)).toEqual(['PoP', 'Bearer']);
    expect(both[0]?.params.nonce).toBe('abc,def');
  });

  it('reads a token68, a bare scheme, unquoted values and odd spacing', () => {
    expect(parseWwwAuthenticate('Basic dXNlcjpwYXNz==, Bearer')).toEqual([
      { scheme: 'Basic', params: {}, token68: 'dXNlcjpwYXNz==' },
      { scheme: 'Bearer', params: {} },
    ]);
    expect(parseWwwAuthenticate('Bearer   error = invalid_token ,scope="a b"')).toEqual([
      { scheme: 'Bearer', params: { error: 'invalid_token', scope: 'a b' } },
    ]);
  });

  it('survives what no server should send', () => {
    expect(parseWwwAuthenticate(null)).toEqual([]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate(', ,')).toEqual([]);
    expect(parseWwwAuthenticate('Bearer claims="unterminated')[0]?.params.claims).toBe(
      'unterminated',
    );
    expect(parseWwwAuthenticate('Bearer error="a", error="b"')[0]?.params.error).toBe('a');
  });
});

describe('claimsFromChallenge', () => {
  it('decodes the claims of Entra’s documented example and of Graph’s CAE challenge', () => {
    expect(claimsFromChallenge(entraDocsExample)).toBe(
      '{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}',
    );
    expect(claimsFromChallenge(graphCaeChallenge)).toBe(
      '{"access_token":{"nbf":{"essential":true,"value":"1502185177"}}}',
    );
    expect(claimsFromChallenge(pixyStepUp)).toBe(
      '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}',
    );
  });

  it('takes base64 without padding and base64url (what a careless encoder sends)', () => {
    const unpadded = graphCaeChallenge.replace('fQ=="', 'fQ"');
    expect(claimsFromChallenge(unpadded)).toBe(claimsFromChallenge(graphCaeChallenge));
    const url =
      'Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX0sIm5vdGUiOiLDvD4_In0"';
    expect(JSON.parse(claimsFromChallenge(url)!)).toEqual({
      access_token: { acrs: { essential: true, value: 'c1' } },
      note: 'ü>?',
    });
  });

  it('finds the claims challenge among other challenges, the scheme in any case', () => {
    expect(
      claimsFromChallenge(
        `PoP realm="", nonce="n", ${entraDocsExample.replace('Bearer', 'bearer')}`,
      ),
    ).toBe('{"access_token":{"acrs":{"essential":true,"value":"cp1"}}}');
  });

  it('is undefined for anything else', () => {
    expect(claimsFromChallenge(null)).toBeUndefined();
    expect(claimsFromChallenge('Bearer error="invalid_token", claims="e30="')).toBeUndefined();
    expect(claimsFromChallenge('Bearer error="insufficient_claims"')).toBeUndefined();
    expect(claimsFromChallenge('Basic error="insufficient_claims", claims="e30="')).toBeUndefined();
    // Not base64, not JSON, or JSON that is no object: nothing to ask for.
    expect(claimsFromChallenge('Bearer error="insufficient_claims", claims="%%%"')).toBeUndefined();
    expect(claimsFromChallenge('Bearer error="insufficient_claims", claims="bm90IGpzb24="')).toBe(
      undefined,
    );
    expect(claimsFromChallenge('Bearer error="insufficient_claims", claims="WzFd"')).toBe(
      undefined,
    );
  });
});

describe('decodeBase64', () => {
  it('decodes UTF-8, refuses what is not base64', () => {
    expect(decodeBase64('w7w')).toBe('ü');
    expect(decodeBase64('a')).toBeUndefined();
    expect(decodeBase64('/w==')).toBeUndefined(); // not UTF-8
  });
});
