// Scenario 9: signing out ends the session in the SPA and at the emulator, and the
// browser's Back button does not bring protected data back.
import { stackUrls } from '../stack/stack.js';
import { expect, test } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { testUsers } from '../test-support/test-users.js';

test('sign-out clears the session, and going back does not show protected data', async ({
  page,
  traffic,
}) => {
  await signIn(page, testUsers.alice, '/tasks');
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  const list = page.getByRole('list', { name: 'Your tasks' });
  await expect(list).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  // Back on the home page (the emulator adds the sign-out request's ?state=).
  await expect(page).toHaveURL(new RegExp(`^${stackUrls.web}/(\\?.*)?$`));
  await expect(page.getByRole('button', { name: 'Sign in' }).first()).toBeVisible();
  expect(traffic.idp.some((r) => r.url().includes('/oauth2/v2.0/logout'))).toBe(true);

  await page.goBack();
  await expect(page.getByRole('button', { name: 'Sign in' }).first()).toBeVisible();
  await expect(page.getByRole('banner')).not.toContainText(testUsers.alice.displayName);
  await expect(list).toBeHidden();

  // The emulator forgot the session too: signing in again asks who you are.
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await expect(
    page.getByRole('button', { name: new RegExp(testUsers.alice.username) }),
  ).toBeVisible();
});
