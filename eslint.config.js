// One lint setup for the whole repository: typescript-eslint with type information
// (no-floating-promises and friends), React hooks rules for the SPA, and Prettier for
// formatting (eslint-config-prettier turns off the rules that would fight it).
// Root scripts and config files are linted too (`pnpm lint:root`, in `pnpm test`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/coverage/**',
      '**/.turbo/**',
      '**/node_modules/**',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs'] },
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain JavaScript runs in Node (scripts, dev runners, config files, bins)...
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // ...except the emulator's MSAL.js fixture page, which runs in the browser.
    files: ['**/msal-fixture/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // What ships (src/) never reaches for what only tests use: test-support/ folders and
    // @pixy/test-support are for *.test.ts files and other test code (docs/architecture.md).
    files: ['**/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/*.postgres-test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/test-support/**', '@pixy/test-support', '@pixy/test-support/**'],
              message:
                'Production code (src/) never imports test code; tests and test-support/ may.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
