/**
 * The suite's `test`: Playwright's, plus `traffic` (what the page sent to the emulator
 * and the API). Every test gets a fresh browser context: no cookies, no MSAL cache.
 */
import { test as base } from '@playwright/test';
import { Traffic } from './traffic.js';

export const test = base.extend<{ traffic: Traffic }>({
  traffic: async ({ page }, use) => {
    await use(new Traffic(page));
  },
});

export { expect } from '@playwright/test';

/** A task title no other test (or earlier run) uses. */
export function uniqueTitle(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 8)}`;
}
