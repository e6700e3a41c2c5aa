// Lint for the whole workspace: eslint's and typescript-eslint's recommended rules (no type-aware
// rules, so a run stays fast on a small machine). Formatting is prettier's job (.prettierrc.json).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'action/index.mjs',
      '**/fixtures/**',
      'tools/**',
      'scratch/**',
      'test-artifacts/**',
      'sessionguard-report/**',
      // a mutation run's sandbox (a copy of the workspace, instrumented) and its reports
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (callback signatures, destructuring to omit a key)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // stripping and escaping control characters (terminal, log and report safety) is this code's job
      'no-control-regex': 'off',
      // a variable given a safe default before a try/loop that may overwrite it is house style
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['**/test/**', 'packages/testkit/**', 'bench/**', 'examples/**'],
    rules: { 'preserve-caught-error': 'off' },
  },
  {
    // the dashboard's browser script (plain JS, no bundler)
    files: ['packages/history/assets/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        fetch: 'readonly',
        Node: 'readonly',
        location: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
  },
  {
    // Node scripts in plain JS
    files: ['**/*.mjs', '**/*.js'],
    ignores: ['packages/history/assets/**'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    // The session library is changed on its own branch; these three spots are left for it rather than edited here.
    files: [
      'packages/session/src/adapters/fastify.ts',
      'packages/session/src/adapters/node-response.ts',
      'packages/session/test/readme-examples.test.ts',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-this-alias': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
)
