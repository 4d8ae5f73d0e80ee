import { describe, expect, it } from 'vitest';
import {
  allProblemCodes,
  ProblemCodes,
  readProblemDetails,
  TokenRejectionCodes,
  type ProblemDetails,
} from './problem-details.js';

describe('problem codes', () => {
  it('names every code the API sends, each once', () => {
    expect(new Set(allProblemCodes).size).toBe(allProblemCodes.length);
    expect(allProblemCodes).toEqual(expect.arrayContaining(Object.values(TokenRejectionCodes)));
    expect(allProblemCodes).toEqual(
      expect.arrayContaining([
        'token_missing',
        'insufficient_scope',
        'missing_role',
        'user_token_required',
        'app_token_required',
        'missing_app_permission',
        'authority_unavailable',
        'invalid_request',
        'not_found',
        'body_too_large',
        'unsupported_media_type',
        'internal_error',
        'insufficient_claims',
        'claims_challenge_unsupported',
        'consent_required',
        'graph_unavailable',
        'graph_not_configured',
        'rate_limited',
      ]),
    );
  });

  it('spells codes as the wire does: lower case words joined by underscores', () => {
    for (const code of allProblemCodes) expect(code).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
  });
});

describe('readProblemDetails', () => {
  const missingRole: ProblemDetails = {
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
    detail: 'This endpoint needs the app role Tasks.Admin.',
    code: ProblemCodes.MissingRole,
    requiredRoles: ['Tasks.Admin'],
  };

  it('reads the structured fields of a problem body', () => {
    expect(readProblemDetails(JSON.parse(JSON.stringify(missingRole)))).toEqual(missingRole);
    const invalid = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The task is not valid.',
      code: ProblemCodes.InvalidRequest,
      errors: [{ field: 'title', message: 'is required' }],
    };
    expect(readProblemDetails(invalid)).toEqual(invalid);
    const challenge = {
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'This action needs a stronger sign-in.',
      code: ProblemCodes.InsufficientClaims,
      claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}',
    };
    expect(readProblemDetails(challenge)).toEqual(challenge);
    const consent = {
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'Consent is needed.',
      code: ProblemCodes.ConsentRequired,
      consentScopes: ['https://graph.microsoft.com/User.Read'],
    };
    expect(readProblemDetails(consent)).toEqual(consent);
  });

  it('drops fields of the wrong type instead of trusting them', () => {
    expect(
      readProblemDetails({
        status: 403,
        code: 'insufficient_scope',
        detail: 42,
        requiredScopes: ['Tasks.ReadWrite', 7],
        requiredAppPermissions: 'Tasks.Read.All',
        claims: { access_token: {} },
        consentScopes: [null, 'https://graph.microsoft.com/User.Read'],
        errors: [{ field: 'title' }, { field: 'done', message: 'must be true or false' }],
      }),
    ).toEqual({
      type: 'about:blank',
      title: '',
      status: 403,
      detail: '',
      code: 'insufficient_scope',
      requiredScopes: ['Tasks.ReadWrite'],
      errors: [{ field: 'done', message: 'must be true or false' }],
      consentScopes: ['https://graph.microsoft.com/User.Read'],
    });
  });

  it('is undefined for what is not a problem body', () => {
    expect(readProblemDetails(undefined)).toBeUndefined();
    expect(readProblemDetails('Forbidden')).toBeUndefined();
    expect(readProblemDetails([{ status: 403, code: 'missing_role' }])).toBeUndefined();
    expect(readProblemDetails({ status: 403, detail: 'no code' })).toBeUndefined();
  });
});
