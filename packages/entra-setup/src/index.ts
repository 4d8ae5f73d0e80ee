export * from './az-cli.js';
export { DryRunAz } from './dry-run.js';
export { mergeEnv, type EnvChange, type EnvMergeResult } from './env-file.js';
export type * from './graph-types.js';
export { main, usage, type MainIo } from './main.js';
export * from './registrations.js';
export { graphUrl, setupEntra, type SetupOptions, type SetupResult } from './setup.js';
export { appRoleId, scopeId, uuidV5 } from './stable-id.js';
