/**
 * `@pixy/config/stack`: reading and validating the shared settings from any record of
 * variables, with no Node API — so the SPA validates its runtime configuration in the
 * browser with the same rules and messages as the Node apps.
 */
export { ConfigError, ConfigReader, isGuid, type Env, type UrlOptions } from './config-reader.js';
export {
  isMicrosoftAuthorityHost,
  localDefaults,
  personalAccountsTenantId,
  readApiUrl,
  readAuthority,
  readClientId,
  readSpaAndApiClientIds,
  readStackConfig,
  type AuthoritySettings,
  type ClientIdVariable,
  type StackConfig,
  type Tenancy,
} from './stack-config.js';
export {
  parseWebRuntimeConfig,
  readWebConfig,
  renderWebConfigScript,
  staticServerValues,
  webConfigGlobal,
  webConfigVariables,
  webRuntimeConfig,
  type WebConfig,
  type StaticServerValues,
  type WebConfigResult,
  type WebRuntimeConfig,
} from './web-config.js';
