// `pnpm dev` is ready when it says so: right after its banner, Alice signs in and sees her
// tasks, and no app of the stack restarted on the way (a watcher's first compile used to
// restart the emulator after the banner, ending the sign-in session it had just begun).
import { readFileSync } from 'node:fs';
import { expect, test } from '../test-support/e2e-test.js';
import { signIn } from '../test-support/sign-in.js';
import { expectTasksLoaded } from '../test-support/tasks-page.js';
import { testUsers } from '../test-support/test-users.js';
import { devStack, startLines } from './dev-stack.js';

test('Alice signs in right after the banner, and no app restarts', async ({ page }) => {
  const { logFile, bannerOffset } = devStack();
  await signIn(page, testUsers.alice, '/tasks');
  await expectTasksLoaded(page);

  const log = readFileSync(logFile, 'utf8');
  const count = (line: string) => log.split(line).length - 1;
  expect(count(startLines.emulator), 'emulator starts').toBe(1);
  expect(count(startLines.api), 'API starts').toBe(1);
  const afterBanner = log.slice(bannerOffset).split('\n');
  expect(afterBanner.filter((line) => startLines.restart.test(line))).toEqual([]);
});
