// ESLint: typescript-eslint's recommended type-aware rules, React hooks, and the layer rules of the design
// (core never imports electron, shell, web or renderer; the renderer imports only api.ts from core).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'lessons/**', 'python-runtime/**', 'tests/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'no eval' }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': layer([
        { regex: '^electron$', message: 'electron/core runs in plain Node: never import electron.' },
        { group: ['**/shell/**', '**/web/**', '**/renderer/**'], message: 'core must not depend on the shell, the web host or the renderer.' },
      ]),
    },
  },
  {
    files: ['electron/web/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': layer([
        { regex: '^electron$', message: 'the web host runs in plain Node.' },
        { group: ['**/shell/**', '**/renderer/**'], message: 'the web host talks to core only.' },
      ]),
    },
  },
  {
    files: ['electron/shell/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': layer([{ group: ['**/web/**', '**/renderer/**'], message: 'the shell talks to core only.' }]) },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': layer([
        {
          regex: '^(\\.\\./)+electron/(?!core/api$).*',
          message: 'the renderer may import only electron/core/api (types and constants); everything else goes through the API client.',
        },
        { regex: '^(node:.*|electron)$', message: 'the renderer runs in a sandboxed page: no Node or Electron modules.' },
      ]),
    },
  },
  {
    files: ['scripts/**/*.mjs', 'tests/**/*.ts', 'bench/**/*.ts', '*.config.{js,ts}', 'eslint.config.js', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
);
