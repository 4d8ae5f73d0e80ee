// Issue 12: the app-only daemon (apps/daemon) reports every user's open tasks. Alice and
// Bob add tasks in the browser; the daemon, signed in as itself with client credentials
// (no user, no browser), lists both of them by object ID.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, uniqueTitle } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { addTask, expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';
import { repoRoot } from '../stack/stack.js';

const run = promisify(execFile);

test('the daemon’s report lists Alice’s and Bob’s open tasks', async ({ browser }) => {
  for (const user of [testUsers.alice, testUsers.bob]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, user, '/tasks');
    await expectTasksLoaded(page);
    await addTask(page, uniqueTitle(`${user.displayName}'s open task`));
    await context.close();
  }

  const daemon = await run(process.execPath, ['dist/main.js'], {
    cwd: join(repoRoot, 'apps', 'daemon'),
    env: process.env,
    timeout: 20_000,
  });

  const lines = daemon.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^\d+ open tasks? of \d+, \d+ users?:$/);
  for (const user of [testUsers.alice, testUsers.bob]) {
    expect(lines.find((line) => line.includes(`/${user.oid}`))).toMatch(/ [1-9]\d* open of \d+$/);
  }
});
