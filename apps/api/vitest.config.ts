// Vitest for the API. Nest's dependency injection reads TypeScript's decorator metadata
// (`design:paramtypes`), which swc emits (as in the build, see .swcrc) and oxc does not.
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    swc.vite({
      tsconfigFile: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          useDefineForClassFields: false,
        },
        target: 'es2023',
        keepClassNames: true,
      },
    }),
  ],
  oxc: false,
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
