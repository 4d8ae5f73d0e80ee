import { describe, expect, it } from 'vitest';
import {
  ChromiumNotFoundError,
  resolveChromium,
  systemChromiumCandidates,
  type ResolveEnvironment,
} from './resolve-executable.js';

const playwrightOwn = '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

function environment(
  files: string[],
  env: NodeJS.ProcessEnv = {},
  platform: NodeJS.Platform = 'linux',
): ResolveEnvironment {
  const present = new Set(files);
  return {
    env,
    platform,
    home: '/home/dev',
    exists: (path) => present.has(path),
    playwrightExecutablePath: () => playwrightOwn,
  };
}

describe('resolveChromium', () => {
  it('uses PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH over any system browser', () => {
    const resolution = resolveChromium(
      environment(['/opt/chrome/chrome', '/usr/bin/chromium'], {
        PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: '/opt/chrome/chrome',
      }),
    );
    expect(resolution).toEqual({
      source: 'env',
      executablePath: '/opt/chrome/chrome',
      installed: true,
    });
  });

  it('fails with the variable and the missing path named when the variable points nowhere', () => {
    const resolve = () =>
      resolveChromium(
        environment(['/usr/bin/chromium'], { PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: '/nope/chrome' }),
      );
    expect(resolve).toThrow(ChromiumNotFoundError);
    expect(resolve).toThrow(/PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH.*"\/nope\/chrome"/);
  });

  it('ignores an empty variable', () => {
    const resolution = resolveChromium(
      environment(['/usr/bin/chromium'], { PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: '  ' }),
    );
    expect(resolution.source).toBe('system');
  });

  it("prefers Debian's real Chromium binary over the /usr/bin/chromium wrapper", () => {
    const resolution = resolveChromium(
      environment(['/usr/bin/chromium', '/usr/lib/chromium/chromium']),
    );
    expect(resolution.executablePath).toBe('/usr/lib/chromium/chromium');
  });

  it('falls back to Google Chrome when no Chromium is installed', () => {
    const resolution = resolveChromium(environment(['/usr/bin/google-chrome']));
    expect(resolution).toMatchObject({
      source: 'system',
      executablePath: '/usr/bin/google-chrome',
    });
  });

  it("falls back to Playwright's own build, reporting whether it is downloaded", () => {
    expect(resolveChromium(environment([]))).toEqual({
      source: 'playwright',
      executablePath: playwrightOwn,
      installed: false,
    });
    expect(resolveChromium(environment([playwrightOwn])).installed).toBe(true);
  });

  it('finds Chrome in the user Applications folder on macOS', () => {
    const chrome = '/home/dev/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const resolution = resolveChromium(environment([chrome], {}, 'darwin'));
    expect(resolution).toMatchObject({ source: 'system', executablePath: chrome });
  });

  it('finds a per-user Chrome on Windows', () => {
    const env = {
      PROGRAMFILES: 'C:\\Program Files',
      LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local',
    };
    const chrome = 'C:\\Users\\dev\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(systemChromiumCandidates('win32', env, 'C:\\Users\\dev')).toContain(chrome);
    expect(resolveChromium(environment([chrome], env, 'win32')).executablePath).toBe(chrome);
  });

  it('never picks the snap wrapper, which cannot read Playwright’s temporary profile', () => {
    expect(systemChromiumCandidates('linux', {}, '/home/dev')).not.toContain(
      '/usr/bin/chromium-browser',
    );
  });
});
