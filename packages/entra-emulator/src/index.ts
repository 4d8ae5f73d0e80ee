/**
 * A local Microsoft Entra ID emulator for development and tests: unmodified MSAL signs
 * in against it, and APIs validate its tokens as they would Entra's. Importing it has no
 * side effects; `startEmulator` serves it. See the README.
 */
export {
  startEmulator,
  defaultLifetimes,
  defaultPort,
  type EmulatorOptions,
  type RunningEmulator,
} from './start-emulator.js';
export type { TokenLifetimes } from './emulator-context.js';
export {
  microsoftGraph,
  personalAccountsTenantId,
  signInAudiences,
  optionalClaimNames,
  type EmulatorConfig,
  type TenantConfig,
  type UserConfig,
  type ApplicationConfig,
  type AppRoleConfig,
  type AuthenticationContextConfig,
  type OptionalClaim,
  type SignInAudience,
} from './emulator-config.js';
export { EmulatorConfigError, resolveDirectory, type Directory } from './directory.js';
export {
  readConfigFile,
  parseConfigFile,
  type ConfigFile,
  type ServerSettings,
} from './config-file.js';
export {
  DevControlsClient,
  DevControlsError,
  type DevTokenRequest,
  type DevTokenResponse,
  type RotatedKeys,
  type RevokedUser,
  type ClockState,
  type TokenFailureOptions,
} from './dev-controls-client.js';
export { fetchDevToken, TokenCommandError, type TokenCommandOptions } from './token-command.js';
export { challengeClaims } from './claims-request.js';
export { pairwiseSub, servicePrincipalId } from './tokens.js';
