// The repository's lint setup, plus no import cycles in the API: a reader follows a token
// through src/auth/ one file after another (docs/api.md), never round in a circle.
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import root from '../../eslint.config.js';

const { settings } = importX.flatConfigs.typescript;

export default [
  ...root,
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': settings['import-x/extensions'],
      'import-x/parsers': settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
];
