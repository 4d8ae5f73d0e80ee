// Issue 13: "Delete all tasks" needs a step-up (Conditional Access authentication context
// c1). The API answers with a claims challenge; the SPA sends Alice to the identity
// provider's "Verify your identity" page with the claims, and back on the Tasks page
// finishes the deletion once. One extra authorize request, never a loop.
import { expect, test, uniqueTitle } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { addTask, expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';
import { jwtClaims } from '../test-support/jwt.js';

test('Alice deletes all her tasks through the step-up page', async ({ page, traffic }) => {
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);
  await addTask(page, uniqueTitle('Old task'));
  await addTask(page, uniqueTitle('Another old task'));

  await page.getByRole('button', { name: 'Delete all tasks' }).click();
  const challenge = page.waitForResponse(
    (r) => r.url().endsWith('/api/tasks') && r.request().method() === 'DELETE',
  );
  await page.getByRole('button', { name: 'Delete them all' }).click();
  const challenged = await challenge;
  expect(challenged.status()).toBe(401);
  expect(challenged.headers()['www-authenticate']).toContain('error="insufficient_claims"');

  await expect(page.getByRole('heading', { name: 'Verify your identity' })).toBeVisible();
  const deleted = page.waitForResponse(
    (r) =>
      r.url().endsWith('/api/tasks') && r.request().method() === 'DELETE' && r.status() === 204,
  );
  await page.getByRole('button', { name: 'Approve' }).click();
  await deleted;

  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByText(/No tasks yet/)).toBeVisible();
  // The token that deleted carries the authentication context.
  expect(jwtClaims(traffic.lastBearerToken('DELETE'))).toMatchObject({ acrs: ['c1'] });

  const interactive = traffic.interactiveAuthorizeRequests();
  expect(interactive).toHaveLength(2);
  expect(JSON.parse(interactive[1]!.searchParams.get('claims') ?? '{}')).toMatchObject({
    access_token: { acrs: { essential: true, value: 'c1' } },
  });
  // Exactly two DELETEs: the refused one, and the one after the step-up.
  expect(traffic.api.filter((r) => r.method() === 'DELETE')).toHaveLength(2);
});
