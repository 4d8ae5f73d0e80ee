// @vitest-environment node
// The SPA's import boundaries (eslint.config.js, `import-x/no-restricted-paths`), checked
// by running ESLint with the app's own configuration on snippets placed in the folders
// they would live in: what it must refuse, and what it must let through.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const appDir = join(import.meta.dirname, '..');
// The app's configuration, without type information: the snippets are not files of the
// TypeScript project, and the boundary rule reads paths, not types.
const eslint = new ESLint({
  cwd: appDir,
  overrideConfig: {
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false } },
  },
});

/** The boundary messages ESLint gives `code` as the file `path` (relative to apps/web). */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(appDir, path) });
  const messages = result?.messages ?? [];
  expect(messages.filter((message) => message.fatal)).toEqual([]); // it did lint the snippet
  return messages
    .filter((message) => message.ruleId === 'import-x/no-restricted-paths')
    .map((message) => message.message);
}

// ESLint loads its plugins and the resolver on first use: seconds on a busy machine.
describe('import boundaries', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await eslint.lintText('export {};\n', { filePath: join(appDir, 'src/lib/warm-up.ts') });
  }, 60_000);

  it('refuses a feature importing another feature', async () => {
    const errors = await boundaryErrors(
      'src/features/admin/api/probe.ts',
      "import { useTasks } from '../../tasks/api/tasks-api';\nexport const probe = useTasks;\n",
    );
    expect(errors).toEqual([expect.stringContaining('never another feature')]);
  });

  it('refuses a feature importing src/app', async () => {
    const errors = await boundaryErrors(
      'src/features/home/components/probe.tsx',
      "import { AppRoutes } from '../../../app/routes';\nexport const probe = AppRoutes;\n",
    );
    expect(errors).toEqual([expect.stringContaining('Features never import src/app')]);
  });

  it('refuses shared code importing a feature or src/app', async () => {
    const errors = await boundaryErrors(
      'src/lib/auth/probe.ts',
      "import { HomePage } from '../../features/home/components/home-page';\n" +
        "import { Layout } from '../../app/layout';\nexport const probe = [HomePage, Layout];\n",
    );
    expect(errors).toEqual([
      expect.stringContaining('imports neither features nor src/app'),
      expect.stringContaining('imports neither features nor src/app'),
    ]);
  });

  it('lets a feature import its own files and shared code', async () => {
    const errors = await boundaryErrors(
      'src/features/tasks/components/probe.tsx',
      "import { useTasks } from '../api/tasks-api';\n" +
        "import { RequireSignIn } from '../../../lib/auth/require-sign-in';\n" +
        "import { Loading } from '../../../components/status-message';\n" +
        "import { webConfig } from '../../../config/web-config';\n" +
        'export const probe = [useTasks, RequireSignIn, Loading, webConfig];\n',
    );
    expect(errors).toEqual([]);
  });
});
