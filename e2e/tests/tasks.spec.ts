// Scenario 3: Alice adds, completes and deletes tasks, and they survive a reload and a
// restart of the API (they are stored, not held in memory).
import { restartApp } from '../stack/stack-control.js';
import { expect, test, uniqueTitle } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { addTask, expectTasksLoaded, taskItem } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';

test('Alice adds, completes and deletes tasks; they survive a reload and an API restart', async ({
  page,
}) => {
  test.slow(); // restarts the API, which takes seconds on a busy machine
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);

  const keep = uniqueTitle('Water the plants');
  const drop = uniqueTitle('Buy milk');
  await addTask(page, keep);
  await addTask(page, drop);

  // The checkbox shows the stored state, so it turns checked when the API has answered.
  await taskItem(page, keep).getByRole('checkbox').click();
  await expect(taskItem(page, keep).getByRole('checkbox')).toBeChecked();
  await page.getByRole('button', { name: `Delete ${drop}` }).click();
  await expect(taskItem(page, drop)).toHaveCount(0);

  const expectSaved = async () => {
    await expectTasksLoaded(page);
    await expect(taskItem(page, keep).getByRole('checkbox')).toBeChecked();
    await expect(taskItem(page, drop)).toHaveCount(0);
  };

  await page.reload();
  await expectSaved();

  await restartApp('api');
  await page.reload();
  await expectSaved();
});
