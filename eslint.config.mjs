// @ts-check
// Lint rules that hold the layers (see README "Architecture"): no lib imports an app; detection knows nothing of
// jobs, storage, queues or AWS; the queue server knows nothing of the job domain; libs/infrastructure (the resource
// shapes deploy/ compiles too) imports nothing; no import cycles.
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
              target: './libs/infrastructure',
              from: ['./libs/core', './libs/config', ...jobDomain, './libs/detection', './libs/sqs-server', './deploy'],
              message: 'libs/infrastructure is plain data that deploy/ compiles alone: it imports no other lib.',
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
    files: ['libs/infrastructure/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', '@app/*'],
              message: 'libs/infrastructure holds the resource shapes as plain data: no AWS SDK, CDK or other lib.',
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
