/** The SPA's Tasks page, as a user works it: by labels and button names. */
import { expect, type Page, type Response } from '@playwright/test';
import { stackUrls } from '../stack/stack.js';

export const taskList = (page: Page) => page.getByRole('list', { name: 'Your tasks' });
export const taskItem = (page: Page, title: string) =>
  taskList(page).getByRole('listitem').filter({ hasText: title });

/** Adds a task through the form and returns the API's answer (201 with the task). */
export async function addTask(page: Page, title: string): Promise<{ id: string; title: string }> {
  const created = page.waitForResponse(
    (r) => r.url() === `${stackUrls.api}/api/tasks` && r.request().method() === 'POST',
  );
  await page.getByLabel('New task').fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  const response: Response = await created;
  expect(response.status()).toBe(201);
  await expect(taskItem(page, title)).toBeVisible();
  return (await response.json()) as { id: string; title: string };
}

/** Waits for the Tasks page to show the user's list (or that it is empty). */
export async function expectTasksLoaded(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  await expect(taskList(page).or(page.getByText('No tasks yet'))).toBeVisible();
}
