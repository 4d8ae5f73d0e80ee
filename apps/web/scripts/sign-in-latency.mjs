// Benchmark: from the click on "Sign in" to the user's name on screen, against the built
// local stack (the emulator, the API, the SPA served by `vite preview`) on the fixed ports,
// in Chromium, with a fresh browser context (no cookies, no MSAL cache) for every run.
// Prints each run's milestones (relative to the click) and their medians. It asserts
// nothing: timings on a shared machine vary; compare medians measured side by side.
//
// Usage (the ports are shared: take the lock the e2e suite takes):
//   pnpm build && flock /tmp/pixy-e2e.lock pnpm --filter @pixy/web bench:sign-in [runs] [--playwright-pick] [--compare <dist folder>]
// --compare serves another build of the SPA (e.g. main's, built with `vite build --outDir`)
// in turns with this one, run by run, so both see the same load on the machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigReader, loadDotEnv, readStackConfig } from '@pixy/config';
import { certPaths, isReady, readLocalhostTls, waitUntilReady } from '@pixy/dev-certs';
import { chromiumForTests } from '@pixy/test-chromium';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const runs = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 7);
// --playwright-pick: Playwright finds and clicks the user as the e2e suite does (its
// actionability checks add a few hundred ms); by default the page picks at once.
const instantPick = !args.includes('--playwright-pick');
const builds = [{ label: 'this build (dist)', dir: 'dist' }];
for (let i = args.indexOf('--compare'); i !== -1; i = args.indexOf('--compare', i + 1)) {
  builds.push({ label: args[i + 1], dir: args[i + 1] });
}
const user = { displayName: 'Alice Adams', username: 'alice@pixy.test' };

loadDotEnv();
const reader = new ConfigReader();
const stack = readStackConfig(reader);
reader.finish();
const { ca } = readLocalhostTls();
const scratch = mkdtempSync(join(tmpdir(), 'pixy-sign-in-bench-'));
// The local emulator's package: @pixy/local-idp once the emulator has moved to packages/.
const repoRoot = join(import.meta.dirname, '..', '..', '..');
const idpPackage = existsSync(join(repoRoot, 'packages/local-idp/package.json'))
  ? '@pixy/local-idp'
  : '@pixy/idp';

// Every app this script started, stopped however it ends (it holds the shared ports).
const started = new Set();
const killGroup = (pid, signal = 'SIGTERM') => {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
};
process.on('exit', () => started.forEach((pid) => killGroup(pid, 'SIGKILL')));
// A run that hangs (a crashed browser, an app that stopped answering) must not keep the
// lock: give up after a generous time per sign-in.
setTimeout(
  () => {
    console.error('The benchmark took too long; stopping it.');
    process.exit(2);
  },
  (runs + 1) * builds.length * 60_000,
).unref();

/** Starts `pnpm --filter <pkg> <script> [args]` in its own process group; resolves when `url` answers. */
async function start(pkg, script, url, env, extra = []) {
  const child = spawn('pnpm', ['--silent', '--filter', pkg, script, ...extra], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPaths().ca, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  started.add(child.pid);
  const outcome = await waitUntilReady(url, {
    ca,
    timeoutMs: 60_000,
    gaveUp: () => child.exitCode !== null,
  });
  if (!outcome.ready) throw new Error(`${pkg} (${script}) did not answer ${url}`);
  return async () => {
    killGroup(child.pid);
    const deadline = Date.now() + 5_000;
    while ((await isReady(url, { ca })) && Date.now() < deadline) await sleep(50);
    killGroup(child.pid, 'SIGKILL');
    started.delete(child.pid);
  };
}

// In every page of the context: report (through the `benchMark` binding, in the browser's
// clock) the click on "Sign in", the emulator's sign-in page showing the user's button,
// and the user's name in the SPA's header. With an instant pick, the sign-in page's
// script clicks the user at once, so the figure is the stack's time, not a person's.
const probe = `(() => {
  const mark = (name) => window.benchMark(name, Date.now());
  const watch = (found) => {
    const observer = new MutationObserver(() => { if (found()) observer.disconnect(); });
    if (!found()) observer.observe(document, { childList: true, subtree: true, characterData: true });
  };
  if (location.origin === ${JSON.stringify(stack.spaUrl)}) {
    addEventListener('click', (event) => {
      const button = event.target instanceof Element && event.target.closest('button');
      if (button && button.textContent.trim() === 'Sign in') mark('click');
    }, true);
    watch(() => {
      const header = document.querySelector('header');
      if (!header || !header.textContent.includes(${JSON.stringify(user.displayName)})) return false;
      mark('name shown');
      return true;
    });
  } else {
    watch(() => {
      const button = [...document.querySelectorAll('button')]
        .find((b) => b.textContent.includes(${JSON.stringify(user.username)}));
      if (!button) return false;
      mark('sign-in page shown');
      if (${JSON.stringify(instantPick)}) button.click();
      return true;
    });
  }
})();`;

const stops = [];
const results = builds.map(() => []);
try {
  stops.push(
    await start(idpPackage, 'start', `${stack.authority}/v2.0/.well-known/openid-configuration`, {
      IDP_DATA_DIR: join(scratch, 'idp'),
    }),
  );
  stops.push(
    await start('@pixy/api', 'start', `${stack.apiUrl}/health`, {
      DATABASE_URL: join(scratch, 'pglite'),
      CORS_ORIGINS: stack.spaUrl,
    }),
  );
  const browser = await chromium.launch(chromiumForTests().launchOptions);
  try {
    for (let run = 0; run <= runs; run++) {
      for (const [i, build] of builds.entries()) {
        const stopWeb = await start('@pixy/web', 'preview', `${stack.spaUrl}/`, {}, [
          '--outDir',
          build.dir,
        ]);
        try {
          const result = await signInOnce(browser);
          if (run > 0) results[i].push(result); // run 0 warms the servers up
          process.stderr.write('.');
        } finally {
          await stopWeb();
        }
      }
    }
    for (const [i, build] of builds.entries()) report(build.label, results[i]);
  } finally {
    await Promise.race([browser.close(), sleep(5_000)]);
  }
} finally {
  for (const stop of stops.reverse()) await stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(0); // whatever handle a stopped app left behind

async function signInOnce(browser) {
  const context = await browser.newContext({ baseURL: stack.spaUrl });
  const events = [];
  const mark = (name, time) => events.push({ name, time });
  let nameShown;
  const shown = new Promise((resolve) => (nameShown = resolve));
  await context.exposeBinding('benchMark', (_source, name, time) => {
    mark(name, time);
    if (name === 'name shown') nameShown();
  });
  await context.addInitScript(probe);
  const page = await context.newPage();
  // Browser-side times of each request: when it started and when its response ended.
  page.on('requestfinished', (req) => {
    const what = describe(req.method(), new URL(req.url()));
    if (!what) return;
    const timing = req.timing();
    mark(`${what} sent`, timing.startTime);
    mark(`${what} done`, timing.startTime + timing.responseEnd);
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  if (!instantPick) {
    await page
      .getByRole('button', { name: new RegExp(`${user.displayName}.*${user.username}`) })
      .click();
  }
  await Promise.race([
    shown,
    sleep(15_000).then(() => {
      throw new Error("The user's name did not appear within 15 s.");
    }),
  ]);
  // /api/me (the header's Admin link) follows the name: let it land, to see when.
  await page.waitForLoadState('networkidle');
  await context.close();
  const click = events.find((event) => event.name === 'click').time;
  const milestones = {};
  for (const { name, time } of events.sort((a, b) => a.time - b.time)) {
    if (time >= click && name !== 'click') milestones[name] ??= Math.round(time - click);
  }
  // The user's own time on the sign-in page is theirs, not the stack's.
  milestones['on the sign-in page'] =
    milestones['sign-in form sent'] - milestones['sign-in page shown'];
  return milestones;
}

/** The requests worth a milestone; others (styles, icons) are left out. */
function describe(method, url) {
  const path = url.pathname;
  if (url.origin === stack.spaUrl) {
    if (path === '/') return 'SPA page';
    if (path === '/config.js') return 'SPA config.js';
    if (path.endsWith('.js')) return 'SPA script';
    return undefined;
  }
  if (path.endsWith('/.well-known/openid-configuration')) return 'discovery';
  if (path.endsWith('/oauth2/v2.0/authorize'))
    return method === 'GET' ? 'authorize' : 'sign-in form';
  if (path.endsWith('/oauth2/v2.0/token')) return 'token';
  if (path.startsWith('/api/')) return `API ${method} ${path}`;
  if (method === 'POST') return `emulator POST ${path}`;
  return undefined;
}

function report(label, all) {
  const names = [...new Set(all.flatMap((result) => Object.keys(result)))];
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const rows = names
    .map((name) => ({
      name,
      values: all.map((result) => result[name]).filter((v) => v !== undefined),
    }))
    .map((row) => ({ ...row, median: median(row.values) }))
    .sort((a, b) => a.median - b.median);
  console.log(
    `\n${label}: sign-in latency, ${all.length} runs, ${instantPick ? 'instant pick' : 'Playwright pick'}` +
      ' (ms after the click on "Sign in"; median, then each run)',
  );
  for (const row of rows) {
    console.log(
      `${String(row.median).padStart(6)}  ${row.name.padEnd(28)} ${row.values.join(' ')}`,
    );
  }
}
