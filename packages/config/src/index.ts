export { findRepoRoot, locateRepoRoot, resolveFromRoot } from './repo-root.js';
export { loadDotEnv } from './dotenv.js';
export * from './stack.js';
