export { findRepoRoot } from './repo-root.js';
export {
  InvalidScopeError,
  renameScope,
  type FileChange,
  type RenameOptions,
} from './rename-scope.js';
