// Issue 12 and 13: the API reads the user's Microsoft Graph profile on their behalf
// (on-behalf-of, the emulator's Graph); missing consent is one consent step; a revoked
// user's Graph challenge (continuous access evaluation) is one new sign-in. Never a loop:
// each scenario counts the authorize requests the page made.
import type { Page } from '@playwright/test';
import { expect, test } from '../test-support/e2e-test.js';
import { devControls, revokeUser } from '../test-support/dev-controls.js';
import { chooseUser, navLink, signIn } from '../test-support/sign-in.js';
import { testUsers } from '../test-support/test-users.js';

const graphUserRead = 'https://graph.microsoft.com/User.Read';

const profileSection = (page: Page) =>
  page.getByRole('region', { name: 'Microsoft Graph profile' });

test('Alice sees her Microsoft Graph profile, read by the API on her behalf', async ({
  page,
  traffic,
}) => {
  await signIn(page, testUsers.alice);
  await navLink(page, 'Your tokens').click();

  const profile = profileSection(page);
  await expect(profile.getByText(testUsers.alice.jobTitle, { exact: true })).toBeVisible();
  await expect(profile.getByText(testUsers.alice.officeLocation, { exact: true })).toBeVisible();
  await expect(profile.getByText(testUsers.alice.displayName, { exact: true })).toBeVisible();
  // The browser never asked for a Graph token: only the API's scopes left the page.
  for (const { body } of traffic.tokenRequests()) {
    expect(body.get('scope') ?? '').not.toMatch(/graph\.microsoft\.com|User\.Read/);
  }
  expect(traffic.interactiveAuthorizeRequests()).toHaveLength(1);
});

test('Bob, without consent for the API’s Graph call, grants it in one consent step', async ({
  page,
  traffic,
}) => {
  await devControls.requireConsent(testUsers.bob.username, 'https://graph.microsoft.com');
  await signIn(page, testUsers.bob);
  await navLink(page, 'Your tokens').click();

  const profile = profileSection(page);
  await expect(profile.getByText(graphUserRead, { exact: true })).toBeVisible();
  await profile.getByRole('button', { name: 'Grant access' }).click();

  // The emulator's consent page lists the API's own Graph permission (combined consent).
  await expect(page.getByRole('heading', { name: 'Permissions requested' })).toBeVisible();
  await expect(page.getByText(graphUserRead, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Accept' }).click();

  await expect(page).toHaveURL(/\/tokens$/);
  await expect(profile.getByText(testUsers.bob.jobTitle, { exact: true })).toBeVisible();
  const [signInRequest, consentRequest] = traffic.interactiveAuthorizeRequests();
  expect(consentRequest?.searchParams.get('prompt')).toBe('consent');
  expect(consentRequest?.searchParams.get('scope')).toContain('/.default');
  expect(signInRequest).toBeDefined();
  expect(traffic.interactiveAuthorizeRequests()).toHaveLength(2);
});

test('revoked, Alice meets Graph’s claims challenge, signs in again once, and sees her profile', async ({
  page,
  traffic,
}) => {
  await signIn(page, testUsers.alice);
  await navLink(page, 'Your tokens').click();
  await expect(profileSection(page).getByText(testUsers.alice.jobTitle)).toBeVisible();

  // Continuous access evaluation: the session and refresh tokens end; Graph refuses the
  // API's token for Alice with a claims challenge, which the API passes to the SPA.
  await revokeUser(testUsers.alice.username);
  const challenge = page.waitForResponse(
    (r) => r.url().endsWith('/api/me/profile') && r.status() === 401,
  );
  await page.reload();
  const challenged = await challenge;
  expect(challenged.headers()['www-authenticate']).toMatch(
    /^Bearer realm="", authorization_uri="[^"]+", client_id="[^"]+", error="insufficient_claims", claims="[^"]+"$/,
  );

  // The SPA asks for a token with the claims: a new sign-in (the session ended).
  await chooseUser(page, testUsers.alice);
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(profileSection(page).getByText(testUsers.alice.jobTitle)).toBeVisible();

  const interactive = traffic.interactiveAuthorizeRequests();
  expect(interactive).toHaveLength(2);
  expect(JSON.parse(interactive[1]!.searchParams.get('claims') ?? '{}')).toMatchObject({
    access_token: { nbf: { essential: true } },
  });
});
