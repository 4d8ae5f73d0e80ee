// The production artifacts, run as deployed (global-setup.ts): the API from its `pnpm
// deploy` folder against PostgreSQL, the SPA's build behind the web image's nginx
// configuration, the local emulator as the identity provider.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigReader, readWebConfig, renderWebConfigScript } from '@pixy/config';
import {
  expectedCacheControl,
  securityHeaders,
  servingCases,
} from '@pixy/web/hosting/serving-rules.ts';
import { expect, test } from '@playwright/test';
import { testUsers } from '../test-support/test-users.js';
import { artifactsStack } from './artifacts-stack.js';

const stack = artifactsStack();
const { urls } = stack;

test('the API runs from its deployed folder, configured by its environment alone', async ({
  request,
}) => {
  const ready = await request.get(`${urls.api}/health/ready`);
  expect(await ready.json()).toEqual({
    status: 'ready',
    checks: { database: 'ok', signingKeys: 'ok' },
  });
  // NODE_ENV=production (the image's): the OpenAPI UI is off unless API_DOCS asks for it.
  expect((await request.get(`${urls.api}/docs`)).status()).toBe(404);
  // The image's HEALTHCHECK passes against it.
  const [file, ...args] = stack.healthcheck.command;
  const check = spawnSync(file, args, { env: stack.healthcheck.env, encoding: 'utf8' });
  expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
});

test("the web image's nginx serves the build as the serving rules say", async ({ request }) => {
  const asset = readdirSync(join(stack.dist, 'assets')).find((name) => name.endsWith('.js'))!;
  const expectedBody = {
    'index.html': readFileSync(join(stack.dist, 'index.html'), 'utf8'),
    'redirect.html': readFileSync(join(stack.dist, 'redirect.html'), 'utf8'),
    // What the dev server would serve for the same variables.
    'config.js': renderWebConfigScript(readWebConfig(new ConfigReader(stack.webEnv))),
    'the asset': readFileSync(join(stack.dist, 'assets', asset), 'utf8'),
  };
  const headers = securityHeaders({
    api: new URL(urls.api).origin,
    authority: new URL(urls.authority).origin,
  });
  for (const { path, served, why } of servingCases) {
    const response = await request.get(`${urls.web}${path.replace('{asset}', asset)}`);
    const what = `${path} (${why})`;
    expect(response.status(), what).toBe(served === 'not found' ? 404 : 200);
    for (const [name, value] of Object.entries(headers)) {
      expect(response.headers()[name.toLowerCase()], `${what}: ${name}`).toBe(value);
    }
    if (served === 'not found') continue;
    expect(response.headers()['cache-control'], what).toBe(expectedCacheControl(served));
    expect(await response.text(), what).toBe(expectedBody[served]);
  }
});

test('Alice signs in on the deployed SPA, sees her tasks and adds one', async ({ page }) => {
  // Anything the Content-Security-Policy blocks would show here.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  const alice = testUsers.alice;

  await page.goto(`${urls.web}/tasks`);
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  await expect(page).toHaveURL(new RegExp(`^${new URL(urls.authority).origin}/`));
  await page
    .getByRole('button', { name: new RegExp(`${alice.displayName}.*${alice.username}`) })
    .click();
  await expect(page).toHaveURL(`${urls.web}/tasks`);
  await expect(page.getByRole('banner').getByText(alice.displayName)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  await expect(page.getByText('No tasks yet')).toBeVisible();

  const title = `Ship it ${Math.random().toString(36).slice(2, 8)}`;
  const created = page.waitForResponse(
    (r) => r.url() === `${urls.api}/api/tasks` && r.request().method() === 'POST',
  );
  await page.getByLabel('New task').fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  expect((await created).status()).toBe(201);
  const tasks = page.getByRole('list', { name: 'Your tasks' });
  await expect(tasks.getByRole('listitem').filter({ hasText: title })).toBeVisible();

  // A deep link, loaded afresh: the static server answers with the app, which shows the
  // task from PostgreSQL.
  await page.goto(`${urls.web}/tasks`);
  await expect(tasks.getByRole('listitem').filter({ hasText: title })).toBeVisible();
  expect(violations).toEqual([]);
});
