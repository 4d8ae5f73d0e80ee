/**
 * Signing in the way a person does: "Sign in" in the SPA, then the user's button on the
 * emulator's sign-in page, then back in the SPA with the user's name shown.
 */
import { expect, type Page } from '@playwright/test';
import { stackUrls } from '../stack/stack.js';
import type { TestUser } from './test-users.js';

/** Picks `user` on the emulator's sign-in page, which must be showing. */
export async function chooseUser(page: Page, user: TestUser): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${stackUrls.idp}/`));
  await page
    .getByRole('button', { name: new RegExp(`${user.displayName}.*${user.username}`) })
    .click();
}

/** From `path` (default the home page): Sign in, pick the user, wait until the SPA shows them. */
export async function signIn(page: Page, user: TestUser, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await chooseUser(page, user);
  await expectSignedIn(page, user);
}

/** A link of the SPA's main navigation ("Home", "Tasks", "Your tokens", "Admin"). */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

export async function expectSignedIn(page: Page, user: TestUser): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${stackUrls.web}/`));
  await expect(page.getByRole('banner').getByText(user.displayName)).toBeVisible();
}
