import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.test-build*/', 'node_modules/', 'data/', 'coverage/', 'screenshots/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The web UI runs in the browser: what it shares with the server lives in src/shared.
    files: ['src/web/**'],
    // The hand-written API types are being replaced by a client generated from the OpenAPI document; until then
    // they re-export the token scopes through the server (the same list as src/shared/scopes.ts).
    ignores: ['src/web/api/types.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)server/', message: 'The web UI never imports src/server; move shared code to src/shared.' }] },
      ],
    },
  },
  {
    // Features talk to each other through queries and small pure modules, not through another feature's service
    // (its transactions and rules belong to it). Exceptions carry an eslint-disable comment saying why.
    files: ['src/server/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[^/]+/[^/]+\\.service(\\.js)?$',
              message: "A feature never imports another feature's service; share a query or a pure module instead.",
            },
          ],
        },
      ],
    },
  },
  {
    // A bare bound LIMIT makes SQLite compile a reused statement again on every run (src/server/db/limits.ts).
    files: ['src/server/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='limit']:not([arguments.0.callee.name=/^(fixed|bound)Limit$/])",
          message: 'Write the limit as fixedLimit(n) or boundLimit(n) from db/limits.ts: a bare bound LIMIT re-compiles the SQLite statement on every run.',
        },
      ],
    },
  },
  {
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
