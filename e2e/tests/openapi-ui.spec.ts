// Scenario 11: the API's OpenAPI UI signs in with the authorization code flow and PKCE
// (its own public client, in a popup), and "Try it out" on /api/me answers 200.
import { stackUrls } from '../stack/stack.js';
import { expect, test } from '../test-support/e2e-test.js';
import { chooseUser } from '../test-support/sign-in.js';
import { testUsers } from '../test-support/test-users.js';

test('the OpenAPI UI authorizes with PKCE, then "Try it out" on /api/me answers 200', async ({
  page,
  traffic,
}) => {
  await page.goto(`${stackUrls.api}/docs`);
  await page.getByRole('button', { name: 'Authorize' }).first().click();
  // Swagger UI's authorization modal (it has no dialog role).
  const dialog = page.locator('.modal-ux');
  await expect(dialog.getByRole('heading', { name: 'Available authorizations' })).toBeVisible();

  const popupOpened = page.waitForEvent('popup');
  await dialog.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
  const popup = await popupOpened;
  // The popup closes itself as soon as it hands the code back: listen before choosing.
  const popupClosed = popup.waitForEvent('close');
  await chooseUser(popup, testUsers.alice);
  await popupClosed;

  await expect(dialog.getByRole('button', { name: /Logout|Remove authorization/ })).toBeVisible();
  const authorize = traffic.interactiveAuthorizeRequests().at(-1);
  expect(authorize?.searchParams.get('code_challenge_method')).toBe('S256');
  const redemption = traffic.tokenRequests().find((r) => r.grantType === 'authorization_code');
  expect(redemption?.body.get('code_verifier')).toBeTruthy();
  expect(redemption?.body.has('client_secret')).toBe(false);
  await dialog.getByRole('button', { name: 'Close' }).click();

  const operation = page.locator('.opblock').filter({ hasText: '/api/me' }).first();
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  const meCall = page.waitForResponse(`${stackUrls.api}/api/me`);
  await operation.getByRole('button', { name: 'Execute' }).click();
  const response = await meCall;
  expect(response.status()).toBe(200);
  expect(((await response.json()) as { preferredUsername: string }).preferredUsername).toBe(
    testUsers.alice.username,
  );
  await expect(
    operation.locator('.live-responses-table tbody .response-col_status').first(),
  ).toHaveText('200');
});
