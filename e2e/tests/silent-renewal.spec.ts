// Scenario 7: when the access token expires, the next API call gets a new one through
// the refresh token, with no visible interaction. The browser's clock is moved past the
// token's expiry (Playwright's clock), instead of shortening token lifetimes.
import { stackUrls } from '../stack/stack.js';
import { expect, test } from '../test-support/e2e-test.js';
import { signIn, navLink } from '../test-support/sign-in.js';
import { expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';

test('an expired access token is renewed silently with the refresh token', async ({
  page,
  traffic,
}) => {
  await page.clock.install();
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);
  const firstToken = traffic.lastBearerToken('GET');
  const signIns = traffic.interactiveAuthorizeRequests().length;
  const tokenCalls = traffic.tokenRequests().length;

  await navLink(page, 'Home').click();
  await page.clock.fastForward('02:00:00'); // access tokens live 60–90 minutes
  const tasksCall = page.waitForResponse(
    (r) => r.url() === `${stackUrls.api}/api/tasks` && r.request().method() === 'GET',
  );
  await navLink(page, 'Tasks').click();
  const response = await tasksCall;

  expect(response.status()).toBe(200);
  const renewedToken = (await response.request().headerValue('authorization'))?.replace(
    'Bearer ',
    '',
  );
  expect(renewedToken).toBeTruthy();
  expect(renewedToken).not.toBe(firstToken);
  expect(
    traffic
      .tokenRequests()
      .slice(tokenCalls)
      .map((r) => r.grantType),
  ).toContain('refresh_token');
  expect(traffic.interactiveAuthorizeRequests()).toHaveLength(signIns);
  await expect(page).toHaveURL(`${stackUrls.web}/tasks`);
  await expectTasksLoaded(page);
});
