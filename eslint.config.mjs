// @ts-check
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * What a `scope:shared` library may never import: the server and client frameworks and anything
 * that talks to the network or a database. Shared code is plain TypeScript that both sides (and
 * the scoring tests) load without booting either, so a framework import there would drag Nest or
 * React into the other side's bundle.
 */
const sharedBannedImports = [
  '@nestjs/*',
  'typeorm',
  'typeorm-*',
  '@tanstack/*',
  'react',
  'react-*',
  'express',
  'socket.io',
  'socket.io-client',
  '@socket.io/*',
  'pg',
  'ioredis',
  'class-validator',
  'class-transformer',
  'reflect-metadata',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.nx/**',
      '**/coverage/**',
      '.data/**',
      'tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      // The layers: api and web never import each other; shared libs depend only on shared libs.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: sharedBannedImports,
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    // Nest resolves constructor parameters from emitted decorator metadata: injected classes
    // must stay value imports there.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Tenancy in one place (docs/architecture.md, "Identity and tenancy"): API code reaches
    // tables through OrgScopedRepository, OrgSql and Transactions, which bind the caller's
    // organisation. Raw, unscoped access is an explicit exception: each allowed site carries an
    // eslint-disable comment saying why (where the organisation is established, the scoped helpers
    // themselves, cross-organisation jobs). Migrations and tests are outside the rule.
    files: ['apps/api/src/**/*.ts'],
    ignores: [
      'apps/api/src/database/**',
      'apps/api/src/**/*.spec.ts',
      'apps/api/src/**/*.e2e-spec.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/typeorm',
              importNames: [
                'InjectDataSource',
                'InjectRepository',
                'InjectEntityManager',
                'getRepositoryToken',
                'getDataSourceToken',
              ],
              message:
                'Unscoped database access. Use @InjectOrgScoped(Entity), OrgSql or Transactions (common/), or add an eslint-disable comment saying why this place may see every organisation.',
            },
            {
              name: 'typeorm',
              importNames: ['DataSource'],
              message:
                'The raw DataSource is unscoped. Use OrgSql or Transactions (common/), or add an eslint-disable comment saying why.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='getRepository']",
          message:
            'An unscoped repository. Use @InjectOrgScoped(Entity) (and .withManager(manager) in a transaction), or add an eslint-disable comment saying why.',
        },
        {
          selector: "CallExpression[callee.property.name='unscopedQuery']",
          message:
            'SQL across every organisation. Add an eslint-disable comment saying why this job spans organisations, and act on each row under RequestContext.runAsOrg.',
        },
      ],
    },
  },
  {
    // Every test tier, browser tests included: a focused test or one that asserts nothing must
    // fail lint wherever it is committed.
    files: [
      '**/*.spec.ts',
      '**/*.spec.tsx',
      '**/*.spec.mjs',
      '**/*.e2e-spec.ts',
      '**/*.e2e.ts',
      '**/test/**/*.ts',
    ],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/valid-expect': 'error',
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'request.**.expect', 'expect*'] },
      ],
    },
  },
  {
    files: ['apps/web/**/*.tsx', 'apps/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.cjs', 'tools/**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        // Node's own globals, which the benchmark and tool scripts use.
        Buffer: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
