// @ts-check
// Lint rules that hold the layers (see README "Architecture"): no lib imports an app; detection knows nothing of
// jobs, storage, queues or AWS; the queue server knows nothing of the job domain; no import cycles.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const jobDomain = ['./libs/jobs', './libs/storage'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'deploy/cdk.out/**',
      'deploy/dist/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'deploy/tsconfig.json'],
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './libs', from: './apps', message: 'A lib never imports an app (tests included).' },
            {
              target: './libs/detection',
              from: [...jobDomain, './libs/sqs-server', './libs/config'],
              message: 'libs/detection knows nothing of jobs, storage, queues or configuration.',
            },
            {
              target: './libs/sqs-server',
              from: [...jobDomain, './libs/detection'],
              message: 'The queue server is independent of the job domain.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/detection/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', '@ssut/*', '@app/jobs*', '@app/storage*', '@app/sqs-server*'],
              message: 'libs/detection knows nothing of AWS, queues, jobs or storage.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benches read CloudFormation templates, SDK answers and raw events as untyped JSON.
    files: ['**/test/**', 'test/**', 'bench/**', 'apps/api/lambda/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
