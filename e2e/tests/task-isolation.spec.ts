// Scenario 4: one user's tasks are invisible to another, in the UI and at the API with
// the other user's own access token (a task ID is not a key).
import { callApi } from '../test-support/api-client.js';
import { expect, test, uniqueTitle } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { addTask, expectTasksLoaded, taskItem } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';
import { Traffic } from '../test-support/traffic.js';

test("Bob cannot see Alice's tasks, in the UI or by calling the API with his own token", async ({
  page,
  browser,
}) => {
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);
  const alices = await addTask(page, uniqueTitle("Alice's secret"));

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  const bobTraffic = new Traffic(bob);
  await signIn(bob, testUsers.bob, '/tasks');
  await expectTasksLoaded(bob);
  await expect(taskItem(bob, alices.title)).toHaveCount(0);

  // Bob writes once, so the SPA gets him a Tasks.ReadWrite token: with it, only ownership
  // stands between him and Alice's task.
  await addTask(bob, uniqueTitle("Bob's own"));
  const bobToken = bobTraffic.lastBearerToken('POST');
  expect((await callApi(bobToken, 'GET', `/api/tasks/${alices.id}`)).status).toBe(404);
  expect((await callApi(bobToken, 'PATCH', `/api/tasks/${alices.id}`, { done: true })).status).toBe(
    404,
  );
  expect((await callApi(bobToken, 'DELETE', `/api/tasks/${alices.id}`)).status).toBe(404);
  const list = await callApi(bobToken, 'GET', '/api/tasks');
  expect(list.status).toBe(200);
  expect(JSON.stringify(list.body)).not.toContain(alices.id);

  // Alice's task is untouched.
  await page.reload();
  await expect(taskItem(page, alices.title).getByRole('checkbox')).not.toBeChecked();
  await bobContext.close();
});
