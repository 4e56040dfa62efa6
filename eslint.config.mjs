// Type-aware lint (docs/conventions.md §10): floating/misused promises, exhaustive switches, no `any` in lib APIs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// A lib is used through its index ('@interdict/<lib>'): what it does not export is not its API. Deep imports — an
// alias with a path after it, or a relative path into another lib's src/ — are refused everywhere but inside the lib
// itself. @interdict/testing (test/support) is for tests only: it is not built into dist/.
const LIBS = readdirSync(join(import.meta.dirname, 'libs'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const TESTS = ['**/*.spec.ts', '**/*.db-spec.ts', '**/*.e2e-spec.ts'];
function importBoundaries(ownLib, isTest) {
  const others = LIBS.filter((lib) => lib !== ownLib);
  const patterns = [
    {
      group: ['@interdict/*/**'],
      message:
        "Import the lib's index ('@interdict/<lib>'); export what you need from it instead of reaching in.",
    },
    {
      regex: `^(\\.\\./)+(libs/)?(${others.join('|')})/src(/|$)`,
      message:
        "Another lib's files are not its API: import '@interdict/<lib>' (export what you need from its index).",
    },
  ];
  if (!isTest)
    patterns.push({
      group: ['@interdict/testing', '@interdict/testing/**'],
      message: '@interdict/testing (test/support) is for tests only and is not built into dist/.',
    });
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'apps/*/web/dist/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-console': 'error',
    },
  },
  { files: ['**/*.ts'], rules: importBoundaries(null, false) },
  { files: [...TESTS, 'test/**/*.ts'], rules: importBoundaries(null, true) },
  ...LIBS.flatMap((lib) => [
    { files: [`libs/${lib}/**/*.ts`], rules: importBoundaries(lib, false) },
    { files: TESTS.map((t) => `libs/${lib}/${t}`), rules: importBoundaries(lib, true) },
  ]),
  {
    files: ['**/*.spec.ts', '**/*.db-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
  prettier,
);
