import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => resolve(__dirname, `libs/${name}/src`);

export default defineConfig({
  // SWC instead of esbuild: Nest's dependency injection needs decorator metadata.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: [
      { find: /^@app\/(core|config|jobs|storage|detection|sqs-server)$/, replacement: `${resolve(__dirname, 'libs')}/$1/src` },
      { find: /^@app\/(core|config|jobs|storage|detection|sqs-server)\/(.*)$/, replacement: `${resolve(__dirname, 'libs')}/$1/src/$2` },
    ],
  },
  test: {
    include: ['apps/**/test/**/*.spec.ts', 'libs/**/test/**/*.spec.ts', 'test/**/*.spec.ts', 'deploy/test/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
