// The repository's lint setup, plus the React hooks rules (rules of hooks, exhaustive
// dependencies, and the React Compiler's checks) for the SPA's components, and the SPA's
// layering: code flows one way, shared (components, config, lib) → features → app.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import root from '../../eslint.config.js';

const src = join(import.meta.dirname, 'src');
/** Every feature folder, so a new feature is fenced in without editing this file. */
const features = readdirSync(join(src, 'features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The SPA's import boundaries, on resolved paths (bulletproof-react's zones): a feature
 * imports shared code only, never another feature or the app; shared code imports neither.
 */
export const layering = {
  basePath: src,
  zones: [
    ...features.map((feature) => ({
      target: `./features/${feature}`,
      from: './features',
      except: [`./${feature}`],
      message:
        'A feature imports shared code (src/lib, src/components, src/config), never another feature: move what both need into src/lib or src/components.',
    })),
    {
      target: './features',
      from: './app',
      message:
        'Features never import src/app (the routes and providers import features, not the reverse).',
    },
    {
      target: ['./components', './config', './lib'],
      from: ['./features', './app'],
      message:
        'Shared code (src/components, src/config, src/lib) imports neither features nor src/app.',
    },
  ],
};

export default [
  ...root,
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    rules: { 'import-x/no-restricted-paths': ['error', layering] },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        URL: 'readonly',
      },
    },
  },
];
