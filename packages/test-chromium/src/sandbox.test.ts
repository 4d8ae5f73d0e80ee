import { describe, expect, it } from 'vitest';
import { needsNoSandbox, type SandboxEnvironment } from './sandbox.js';

function linux(uid: number, settings: Record<string, string> = {}): SandboxEnvironment {
  return { platform: 'linux', uid, readSetting: (path) => settings[path] };
}

describe('needsNoSandbox', () => {
  it('turns the sandbox off for root on Linux, where Chromium refuses to start with it', () => {
    expect(needsNoSandbox(linux(0))).toBe(true);
  });

  it('keeps the sandbox on for an ordinary Linux user', () => {
    expect(needsNoSandbox(linux(1000))).toBe(false);
  });

  it('turns it off where unprivileged user namespaces are disabled or AppArmor-restricted', () => {
    expect(needsNoSandbox(linux(1000, { '/proc/sys/kernel/unprivileged_userns_clone': '0' }))).toBe(
      true,
    );
    expect(
      needsNoSandbox(
        linux(1000, { '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1' }),
      ),
    ).toBe(true);
  });

  it('keeps the sandbox on macOS and Windows', () => {
    expect(needsNoSandbox({ platform: 'darwin', uid: 501, readSetting: () => undefined })).toBe(
      false,
    );
    expect(
      needsNoSandbox({ platform: 'win32', uid: undefined, readSetting: () => undefined }),
    ).toBe(false);
  });
});
