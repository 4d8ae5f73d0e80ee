// The pieces of the Graph call that need no network: the challenge parser and the answer
// when the API has no credential for on-behalf-of.
import { describe, expect, it } from 'vitest';
import { ProblemException } from '../errors/problem.js';
import { GraphProfiles, challengedClaims } from './graph-profile.js';
import type { Principal } from '../auth/principal.js';

const claims = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';
const base64 = Buffer.from(claims).toString('base64');

describe('challengedClaims', () => {
  it('reads the claims of an insufficient_claims challenge, wherever the parameters stand', () => {
    // As Graph sends it (the CAE doc), and reordered with padding.
    expect(
      challengedClaims(
        `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${base64}"`,
      ),
    ).toBe(claims);
    expect(challengedClaims(`Bearer claims="${base64}", error="insufficient_claims"`)).toBe(claims);
  });

  it('reads nothing from other challenges or broken claims', () => {
    expect(challengedClaims(undefined)).toBeUndefined();
    expect(challengedClaims('Bearer error="invalid_token"')).toBeUndefined();
    expect(challengedClaims('Bearer error="insufficient_claims", claims=""')).toBeUndefined();
    expect(
      challengedClaims(
        `Bearer error="insufficient_claims", claims="${Buffer.from('not json').toString('base64')}"`,
      ),
    ).toBeUndefined();
  });
});

describe('GraphProfiles without a credential', () => {
  it('answers 503 graph_not_configured, saying what the operator sets', async () => {
    const profiles = new GraphProfiles(undefined, 'https://graph.microsoft.com/v1.0', undefined, {
      authority: 'https://login.microsoftonline.com/organizations',
      apiClientId: 'api',
    });
    const failure = await profiles
      .profileOf({} as Principal, 'token')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProblemException);
    expect((failure as ProblemException).body).toMatchObject({
      status: 503,
      code: 'graph_not_configured',
    });
    expect((failure as ProblemException).body.detail).toMatch(/API_CLIENT_SECRET/);
  });
});
