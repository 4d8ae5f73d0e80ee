// Scenario 12: the emulator rotates its signing key mid-session; tokens signed with the
// new key keep working at the API, which was not restarted (it fetches the JWKS again
// when it meets an unknown kid).
import { stackUrls } from '../stack/stack.js';
import { rotateSigningKey } from '../test-support/dev-controls.js';
import { expect, test } from '../test-support/e2e-test.js';
import { jwtHeader } from '../test-support/jwt.js';
import { signIn, navLink } from '../test-support/sign-in.js';
import { expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';

test('tokens signed with a rotated key keep working in the API without a restart', async ({
  page,
  traffic,
}) => {
  await page.clock.install();
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);
  const before = jwtHeader(traffic.lastBearerToken('GET'));
  await navLink(page, 'Home').click();

  const rotation = await rotateSigningKey();
  expect(rotation.kid).not.toBe(before.kid);

  await page.clock.fastForward('02:00:00'); // the next call needs a new token
  const tasksCall = page.waitForResponse(
    (r) => r.url() === `${stackUrls.api}/api/tasks` && r.request().method() === 'GET',
  );
  await navLink(page, 'Tasks').click();
  const response = await tasksCall;

  const token = (await response.request().headerValue('authorization'))!.replace('Bearer ', '');
  expect(jwtHeader(token).kid).toBe(rotation.kid);
  expect(response.status()).toBe(200);
  await expectTasksLoaded(page);
});
