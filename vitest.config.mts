import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // SWC instead of esbuild: Nest's dependency injection needs decorator metadata.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: [
      {
        find: /^@app\/(core|config|jobs|storage|detection|sqs-server|tenants|infrastructure|client)$/,
        replacement: `${resolve(root, 'libs')}/$1/src`,
      },
      {
        find: /^@app\/(core|config|jobs|storage|detection|sqs-server|tenants|infrastructure|client)\/(.*)$/,
        replacement: `${resolve(root, 'libs')}/$1/src/$2`,
      },
    ],
  },
  test: {
    include: [
      'apps/**/test/**/*.spec.ts',
      'libs/**/test/**/*.spec.ts',
      'test/**/*.spec.ts',
      'deploy/test/**/*.spec.ts',
      'bench/**/test/**/*.spec.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    // The pinned AWS SDK runs on Node 20; its notice about 2027 releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
