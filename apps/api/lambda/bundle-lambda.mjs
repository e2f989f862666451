import { build } from 'esbuild';
import { join } from 'node:path';
import { absentModulesPlugin } from './absent-modules.mjs';
import { lazyConsoleTimestampPlugin } from './lazy-console-timestamp.mjs';
import { lazyRequiresPlugin } from './lazy-requires.mjs';
import { singleAwsSdkPlugin } from './single-aws-sdk.mjs';
import { slimClassValidatorPlugin } from './slim-class-validator.mjs';
import { assertNoWholeLodash, slimLodashPlugin } from './slim-lodash.mjs';
import { assertNoCommonJsRxjs, slimRxjsPlugin } from './slim-rxjs.mjs';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;

const LIBS = ['core', 'config', 'jobs', 'storage', 'detection', 'sqs-server', 'tenants', 'infrastructure'];

/** Native or heavy packages that must never reach the Lambda bundle. */
export const FORBIDDEN_PACKAGES = ['onnxruntime-node', 'onnxruntime-common', 'sharp', '@img/', 'better-sqlite3'];

/**
 * Bundles the tsc output in `compiled` (not the TS sources: esbuild would drop the decorator metadata Nest injects
 * by) into one CommonJS file. keepNames keeps the class names Swagger schemas and Nest tokens are derived from.
 * `entryPoint` is the API's Lambda handler unless given (bench:lambda bundles its peer with the same options).
 */
export async function bundleLambda({
  compiled,
  outfile,
  projectRoot,
  entryPoint = join(compiled, 'apps', 'api', 'src', 'lambda.js'),
}) {
  const result = await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    keepNames: true,
    minify: true,
    // ESM builds where packages offer them: esbuild can drop their unused exports.
    mainFields: ['module', 'main'],
    // A stray import('node:http') becomes a require, which the bundle can satisfy.
    supported: { 'dynamic-import': false },
    alias: {
      ...Object.fromEntries(LIBS.map((lib) => [`@app/${lib}`, join(compiled, 'libs', lib, 'src')])),
      'better-sqlite3': join(here, 'better-sqlite3-on-demand.cjs'),
      'swagger-ui-dist/absolute-path.js': join(here, 'swagger-ui-path.cjs'),
      'libphonenumber-js/max': join(here, 'phone-validation-unavailable.cjs'),
    },
    plugins: [
      absentModulesPlugin,
      singleAwsSdkPlugin(projectRoot),
      lazyConsoleTimestampPlugin,
      lazyRequiresPlugin,
      slimClassValidatorPlugin,
      slimRxjsPlugin,
      slimLodashPlugin,
    ],
    // The on-demand better-sqlite3 loader requires by a computed name on purpose.
    logOverride: { 'unsupported-require-call': 'silent' },
    // Packages come from the project, wherever the compiled files were written.
    nodePaths: [join(projectRoot, 'node_modules')],
    metafile: true,
    logLevel: 'warning',
  });
  const forbidden = Object.keys(result.metafile.inputs).filter(
    (input) => input.endsWith('.node') || FORBIDDEN_PACKAGES.some((name) => input.includes(`node_modules/${name}`)),
  );
  assertNoCommonJsRxjs(result.metafile);
  assertNoWholeLodash(result.metafile);
  if (forbidden.length)
    throw new Error(`the Lambda bundle must not contain native or detection modules:\n  ${forbidden.join('\n  ')}`);
  return result.metafile;
}
