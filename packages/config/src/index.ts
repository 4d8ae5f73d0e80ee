export { findRepoRoot, locateRepoRoot, resolveFromRoot } from './repo-root.js';
export { loadDotEnv } from './dotenv.js';
export { ConfigError, ConfigReader, isGuid, type UrlOptions } from './config-reader.js';
export {
  localDefaults,
  personalAccountsTenantId,
  readStackConfig,
  type StackConfig,
  type Tenancy,
} from './stack-config.js';
