/**
 * Packages Nest, Terminus and Fastify probe for with try/require but this API never uses. In the bundle they
 * behave exactly as where they are not installed: requiring them throws MODULE_NOT_FOUND, which the probes
 * catch. Nothing is left for Lambda to resolve at run time.
 */
export const ABSENT_MODULES = [
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@nestjs/platform-express',
  '@nestjs/mongoose',
  '@nestjs/sequelize',
  '@nestjs/typeorm',
  '@mikro-orm/core',
  '@fastify/view',
  // Only Swagger UI's asset route requires it (FastifyAdapter.useStaticAssets), and Lambda serves no UI: 200 KiB
  // of code (with glob, mime and @fastify/send) that no cold start should parse.
  '@fastify/static',
  'class-transformer/storage',
  'file-type',
  // Lambda's stdout is never a terminal: logs stay JSON (libs/core log-output).
  'pino-pretty',
  // The Lambda API reports through CloudWatch EMF lines; only the Prometheus parts, imported where metrics are
  // Prometheus (createApiApp), need it: 60 KiB with @opentelemetry/api that no cold start should parse.
  'prom-client',
];

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const filter = new RegExp(`^(${ABSENT_MODULES.map(escape).join('|')})(/.*)?$`);

/** esbuild plugin: every import of an absent module becomes a module that throws "Cannot find module". */
export const absentModulesPlugin = {
  name: 'absent-modules',
  setup(build) {
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'absent-module' }));
    build.onLoad({ filter: /.*/, namespace: 'absent-module' }, (args) => ({
      contents: `const error = new Error(${JSON.stringify(`Cannot find module '${args.path}' (left out of the Lambda bundle)`)});
error.code = 'MODULE_NOT_FOUND';
// A CommonJS module (as what is not installed would be), so ES imports of names from it are not build warnings.
module.exports = {};
throw error;`,
      loader: 'js',
    }));
  },
};
