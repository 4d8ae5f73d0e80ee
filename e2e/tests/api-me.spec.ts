// Scenario 2: the SPA shows what the API made of the signed-in user's access token.
import { stackUrls } from '../stack/stack.js';
import { expect, test } from '../test-support/e2e-test.js';
import { signIn, navLink } from '../test-support/sign-in.js';
import { testUsers } from '../test-support/test-users.js';

test('shows /api/me data for the signed-in user', async ({ page }) => {
  // Watched from the start: the header asks /api/me too (for the Admin link), possibly
  // before sign-in returns, and "Your tokens" may show that answer without asking again.
  const meResponse = page.waitForResponse(
    (r) => r.url() === `${stackUrls.api}/api/me` && r.status() === 200,
  );
  await signIn(page, testUsers.alice);
  await navLink(page, 'Your tokens').click();
  const me = (await (await meResponse).json()) as { oid: string; preferredUsername: string };
  expect(me.preferredUsername).toBe(testUsers.alice.username);

  const apiView = page.getByRole('region', { name: 'What the API saw' });
  await expect(apiView).toContainText(testUsers.alice.displayName);
  await expect(apiView).toContainText(testUsers.alice.username);
  await expect(apiView).toContainText(me.oid);
});
