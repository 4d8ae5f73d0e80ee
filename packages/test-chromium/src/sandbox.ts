/**
 * Whether Chromium must run with --no-sandbox. Playwright turns the sandbox off by
 * default; Pixy keeps it on wherever it works and turns it off only where Chromium
 * cannot start with it: as root on Linux (CI containers), or where the kernel forbids the
 * unprivileged user namespaces the sandbox needs (Ubuntu 24.04's AppArmor restriction).
 */
import { readFileSync } from 'node:fs';

export interface SandboxEnvironment {
  readonly platform: NodeJS.Platform;
  /** The effective user id, undefined where there is none (Windows). */
  readonly uid: number | undefined;
  /** Reads a /proc setting, undefined when it does not exist. */
  readonly readSetting: (path: string) => string | undefined;
}

export function needsNoSandbox(environment: SandboxEnvironment = defaultSandboxEnvironment()) {
  if (environment.platform !== 'linux') return false;
  if (environment.uid === 0) return true;
  const userNamespacesOff =
    environment.readSetting('/proc/sys/kernel/unprivileged_userns_clone') === '0' ||
    environment.readSetting('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1';
  return userNamespacesOff;
}

function defaultSandboxEnvironment(): SandboxEnvironment {
  return {
    platform: process.platform,
    uid: process.getuid?.(),
    readSetting: (path) => {
      try {
        return readFileSync(path, 'utf8').trim();
      } catch {
        return undefined;
      }
    },
  };
}
