export {
  chromiumForTests,
  quietNetworkArgs,
  type ChromiumForTests,
  type ChromiumForTestsOptions,
} from './chromium-for-tests.js';
export {
  resolveChromium,
  systemChromiumCandidates,
  defaultResolveEnvironment,
  executablePathVariable,
  ChromiumNotFoundError,
  type ChromiumResolution,
  type ChromiumSource,
  type ResolveEnvironment,
} from './resolve-executable.js';
export { needsNoSandbox, type SandboxEnvironment } from './sandbox.js';
export { trustDevCa, spkiHash, nssNickname, type CaTrust, type TrustOptions } from './trust-ca.js';
export { installPlaywrightChromium, playwrightCliPath } from './install-playwright-chromium.js';
