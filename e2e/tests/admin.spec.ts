// Scenario 6: Ada (app role Tasks.Admin) sees every user's tasks; Alice gets no admin
// link, and the API refuses her token on the admin route.
import { stackUrls } from '../stack/stack.js';
import { callApi } from '../test-support/api-client.js';
import { expect, test, uniqueTitle } from '../test-support/e2e-test.js';
import { signIn, navLink } from '../test-support/sign-in.js';
import { addTask, expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';

test("Ada sees every user's tasks; Alice gets 403 on the admin API and no admin link", async ({
  page,
  traffic,
  browser,
}) => {
  const meLoaded = page.waitForResponse(
    (r) => r.url() === `${stackUrls.api}/api/me` && r.status() === 200,
  );
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);
  const alices = await addTask(page, uniqueTitle('Alice for the admin'));
  await meLoaded; // the header decides on the admin link from /api/me
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(navLink(page, 'Admin')).toHaveCount(0);

  const denied = await callApi(traffic.lastBearerToken('GET'), 'GET', '/api/admin/tasks');
  expect(denied.status).toBe(403);

  const adaContext = await browser.newContext();
  const ada = await adaContext.newPage();
  await signIn(ada, testUsers.ada);
  await navLink(ada, 'Admin').click();
  await expect(ada.getByRole('heading', { name: 'Admin' })).toBeVisible();
  await expect(ada.getByRole('table')).toContainText(alices.title);
  await adaContext.close();
});
