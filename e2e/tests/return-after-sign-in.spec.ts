// Scenario 10: a protected page opened while signed out brings the user back to that
// page after sign-in (MSAL's redirectStartPage), not to the home page.
import { stackUrls } from '../stack/stack.js';
import { expect, test } from '../test-support/e2e-test.js';
import { chooseUser, expectSignedIn } from '../test-support/sign-in.js';
import { testUsers } from '../test-support/test-users.js';

test('a protected page opened while signed out returns there after sign-in', async ({ page }) => {
  await page.goto('/tokens');
  await expect(page.getByRole('heading', { name: 'Your tokens' })).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();

  await chooseUser(page, testUsers.bob);

  await expectSignedIn(page, testUsers.bob);
  await expect(page).toHaveURL(`${stackUrls.web}/tokens`);
  await expect(page.getByRole('heading', { name: 'Your tokens' })).toBeVisible();
});
