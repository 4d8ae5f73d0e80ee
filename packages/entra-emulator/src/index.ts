/**
 * @pixy/entra-emulator: a local Microsoft Entra ID emulator for development and tests. Importing it
 * has no side effects; `startIdp` serves it. See docs/emulator.md.
 */
export { startIdp, defaultLifetimes, type StartIdpOptions, type RunningIdp } from './start-idp.js';
export type { TokenLifetimes } from './idp-context.js';
export {
  defaultDirectory,
  testUserOids,
  type Directory,
  type TestUser,
  type ClientApp,
  type ApiApp,
  type AppRegistrations,
} from './directory.js';
export { readIdpSettings, type IdpSettings } from './idp-config.js';
export { pairwiseSub } from './tokens.js';
export type { DevTokenRequest } from './dev-controls.js';
