export { findRepoRoot, resolveFromRoot } from './repo-root.js';
export { loadDotEnv } from './dotenv.js';
export { ConfigError, ConfigReader, isGuid, type UrlOptions } from './config-reader.js';
export { localDefaults, readStackConfig, type StackConfig } from './stack-config.js';
