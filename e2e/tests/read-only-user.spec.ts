// Scenario 5: Riley may only read. Her tasks load; trying to write ends in a clear
// explanation, asked once (no redirect loop); and the API refuses her read token on a write.
import { callApi } from '../test-support/api-client.js';
import { expect, test, uniqueTitle } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';

test('Riley reads tasks, is told clearly why she cannot write, and the API answers 403', async ({
  page,
  traffic,
}) => {
  await signIn(page, testUsers.riley, '/tasks');
  await expectTasksLoaded(page);
  const readToken = traffic.lastBearerToken('GET');

  await page.getByLabel('New task').fill(uniqueTitle('Not allowed'));
  await page.getByRole('button', { name: 'Add task' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'You lack permission' })).toContainText(
    'Tasks.ReadWrite',
  );
  await expect(page).toHaveURL(/\/tasks$/);
  await expectTasksLoaded(page);
  // One sign-in, one attempt to get write permission, then nothing more: no loop.
  await page.waitForLoadState('networkidle');
  expect(traffic.interactiveAuthorizeRequests()).toHaveLength(2);
  await expect(page.getByText('interaction_in_progress')).toHaveCount(0);

  const write = await callApi(readToken, 'POST', '/api/tasks', { title: 'sneaky' });
  expect(write.status).toBe(403);
  expect(write.wwwAuthenticate).toContain('error="insufficient_scope"');
});
