// Scenario 1: sign-in is the authorization-code flow with PKCE (S256), done by the real
// MSAL in the real SPA: no client secret anywhere, and the user's name is shown.
import { expect, test } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { testUsers } from '../test-support/test-users.js';

test('signs in with the authorization code flow and PKCE S256, and shows the user', async ({
  page,
  traffic,
}) => {
  await signIn(page, testUsers.alice);

  const [authorize] = traffic.interactiveAuthorizeRequests();
  expect(authorize?.searchParams.get('response_type')).toBe('code');
  expect(authorize?.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize?.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

  const redemption = traffic.tokenRequests().find((r) => r.grantType === 'authorization_code');
  expect(redemption?.body.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
  expect(redemption?.body.has('client_secret')).toBe(false);
  expect(redemption?.request.headers()['authorization']).toBeUndefined();

  await expect(page.getByRole('banner')).toContainText(testUsers.alice.displayName);
});
