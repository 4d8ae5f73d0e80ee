// Scenario 8: a refresh token that stops working (revoked at the emulator) leads to one
// clean sign-in prompt when the access token next needs renewing: no loop, and no
// interaction_in_progress error.
import { stackUrls } from '../stack/stack.js';
import { revokeUser } from '../test-support/dev-controls.js';
import { expect, test } from '../test-support/e2e-test.js';
import { chooseUser, signIn, navLink } from '../test-support/sign-in.js';
import { expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';

test('a revoked refresh token leads to one clean sign-in prompt', async ({ page, traffic }) => {
  await page.clock.install();
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);
  await navLink(page, 'Home').click();

  const { revoked } = await revokeUser(testUsers.alice.username);
  expect(revoked.refreshTokens).toBeGreaterThan(0);
  const signIns = traffic.interactiveAuthorizeRequests().length;
  const tokenCalls = traffic.tokenRequests().length;

  await page.clock.fastForward('02:00:00'); // past the access token's expiry
  await navLink(page, 'Tasks').click();

  // The emulator asks who is signing in: exactly once.
  await expect(
    page.getByRole('button', { name: new RegExp(testUsers.alice.username) }),
  ).toBeVisible();
  expect(traffic.interactiveAuthorizeRequests()).toHaveLength(signIns + 1);
  // MSAL did try its refresh token first, and the emulator refused it.
  const refresh = traffic
    .tokenRequests()
    .slice(tokenCalls)
    .filter((r) => r.grantType === 'refresh_token');
  expect(refresh.length).toBeGreaterThan(0);
  expect((await refresh[0]!.request.response())?.status()).toBe(400);

  await chooseUser(page, testUsers.alice);
  await expect(page).toHaveURL(`${stackUrls.web}/tasks`);
  await expectTasksLoaded(page);
  await page.waitForLoadState('networkidle');
  expect(traffic.interactiveAuthorizeRequests()).toHaveLength(signIns + 1);
  await expect(page.getByText(/interaction_in_progress/)).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
