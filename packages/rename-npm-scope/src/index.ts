export { findRepoRoot } from './repo-root.js';
export {
  InvalidNpmScopeError,
  renameNpmScope,
  type FileChange,
  type RenameOptions,
} from './rename-npm-scope.js';
