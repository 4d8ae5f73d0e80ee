import { AuthError, ServerError } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { describeAuthError } from './describe-auth-error';

describe('describeAuthError', () => {
  it('says how to fix a redirect URI registered under the Web platform (AADSTS9002326)', () => {
    const error = new ServerError(
      'invalid_request',
      'correlation-id',
      "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.",
    );
    expect(describeAuthError(error)).toMatch(
      /AADSTS9002326.*Fix: .*\/ is registered under the Web platform.*pnpm entra:setup/,
    );
  });

  it('names the client ID when the app registration is not in the tenant (AADSTS700016)', () => {
    const error = new ServerError(
      'unauthorized_client',
      'correlation-id',
      'AADSTS700016: Application not found.',
      undefined,
      '700016',
    );
    expect(describeAuthError(error)).toMatch(
      /Fix: SPA_CLIENT_ID [0-9a-f-]{36} is not an app registration/,
    );
  });

  it('tells an unreachable or untrusted identity provider apart', () => {
    expect(
      describeAuthError(new AuthError('endpoints_resolution_error', 'correlation-id')),
    ).toMatch(/Cannot reach the identity provider.*pnpm certs:trust/);
  });

  it('passes other errors through with their code and no made-up hint', () => {
    const text = describeAuthError(
      new ServerError('server_error', 'correlation-id', 'AADSTS90033: busy'),
    );
    expect(text).toBe('Sign-in did not complete (server_error): AADSTS90033: busy');
  });
});
