/**
 * Which Chromium the browser tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, else a
 * Chromium or Chrome installed on this machine, else Playwright's own build. Pure
 * decisions over an injectable environment, so every branch is unit-tested.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

export const executablePathVariable = 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH';

export type ChromiumSource = 'env' | 'system' | 'playwright';

export interface ChromiumResolution {
  readonly source: ChromiumSource;
  /** The browser binary. For `playwright`, where Playwright keeps (or will keep) its build. */
  readonly executablePath: string;
  /** False only for Playwright's own build that has not been downloaded yet. */
  readonly installed: boolean;
}

/** What resolution looks at; tests pass their own. */
export interface ResolveEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly exists: (path: string) => boolean;
  /** Where Playwright's own Chromium lives (playwright-core's `chromium.executablePath()`). */
  readonly playwrightExecutablePath: () => string;
}

/** Thrown when PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH names a file that does not exist. */
export class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';
}

/**
 * System browsers to try, best first. Debian's /usr/lib/chromium/chromium is the real
 * binary behind the /usr/bin/chromium shell wrapper (which prints a warning on every start).
 * Snap-packaged Chromium is left out: its confinement cannot read Playwright's temporary profile.
 */
export function systemChromiumCandidates(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
): string[] {
  switch (platform) {
    case 'linux':
      return [
        '/usr/lib/chromium/chromium',
        '/usr/bin/chromium',
        '/usr/lib64/chromium-browser/chromium-browser',
        '/usr/bin/google-chrome-stable',
        '/usr/bin/google-chrome',
        '/opt/google/chrome/chrome',
      ];
    case 'darwin':
      return ['/Applications', join(home, 'Applications')].flatMap((apps) => [
        `${apps}/Google Chrome.app/Contents/MacOS/Google Chrome`,
        `${apps}/Chromium.app/Contents/MacOS/Chromium`,
      ]);
    case 'win32':
      return [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA]
        .filter((dir): dir is string => Boolean(dir))
        .map((dir) => win32.join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe'));
    default:
      return [];
  }
}

export function resolveChromium(
  environment: ResolveEnvironment = defaultResolveEnvironment(),
): ChromiumResolution {
  const { env, platform, home, exists } = environment;

  const configured = env[executablePathVariable]?.trim();
  if (configured) {
    if (!exists(configured)) {
      throw new ChromiumNotFoundError(
        `${executablePathVariable} is set to "${configured}", which does not exist. ` +
          `Point it at a Chromium or Chrome binary, or unset it to use a system Chromium or Playwright's own.`,
      );
    }
    return { source: 'env', executablePath: configured, installed: true };
  }

  const system = systemChromiumCandidates(platform, env, home).find((path) => exists(path));
  if (system) return { source: 'system', executablePath: system, installed: true };

  const own = environment.playwrightExecutablePath();
  return { source: 'playwright', executablePath: own, installed: exists(own) };
}

export function defaultResolveEnvironment(
  playwrightExecutablePath: () => string = () => '',
): ResolveEnvironment {
  return {
    env: process.env,
    platform: process.platform,
    home: homedir(),
    exists: existsSync,
    playwrightExecutablePath,
  };
}
