/**
 * esbuild plugin: Fastify builds its schema compilers' factories when an instance is created, and their modules
 * require Ajv (twice: Ajv and Ajv JTD), fast-json-stringify and fast-uri as they load: ~270 KiB of the bundle
 * evaluated on every cold start, for compilers that only a route with a JSON schema calls, and Nest gives Fastify
 * none. In the bundle those requires run on the first compile instead; what is compiled is the same. The build
 * fails if a file no longer has the line it rewrites, so an upgrade cannot silently bring the eager load back.
 */
import { readFile } from 'node:fs/promises';

/** Per file: the top-level requires made lazy, by the name the file binds each to. */
const LAZY_REQUIRES = [
  {
    file: /@fastify[\\/]ajv-compiler[\\/]index\.js$/,
    requires: {
      ValidatorCompiler: "const ValidatorCompiler = require('./lib/validator-compiler')",
      SerializerCompiler: "const SerializerCompiler = require('./lib/serializer-compiler')",
    },
    // The standalone helper (it requires Ajv's code generator): an export read on use, not at load.
    exports: { StandaloneValidator: "module.exports.StandaloneValidator = require('./standalone')" },
  },
  {
    file: /@fastify[\\/]fast-json-stringify-compiler[\\/]standalone\.js$/,
    requires: { fastJsonStringify: "const fastJsonStringify = require('fast-json-stringify')" },
    exports: {},
  },
];

const requiredPath = (statement) => statement.match(/require\(('[^']+')\)/)[1];

/** The source with each listed require run on first use of its binding (which must stay a plain identifier). */
export function makeRequiresLazy(path, source, { requires, exports }) {
  let contents = source;
  const missing = (statement) =>
    new Error(`${path}: "${statement}", which the lazy-schema-compilers plugin defers, is gone; update the plugin`);
  for (const [name, statement] of Object.entries(requires)) {
    if (!contents.includes(statement)) throw missing(statement);
    contents = contents.replace(
      statement,
      `let ${name}$loaded; const ${name}$load = () => (${name}$loaded ??= require(${requiredPath(statement)}))`,
    );
    // Every other use of the binding (a call or a `new`) goes through the loader; parenthesised, so `new` applies
    // to what it returns.
    contents = contents.replace(new RegExp(`(?<![.\\w$])${name}(?![\\w$])`, 'g'), `(${name}$load())`);
  }
  for (const [name, statement] of Object.entries(exports)) {
    if (!contents.includes(statement)) throw missing(statement);
    contents = contents.replace(
      statement,
      `Object.defineProperty(module.exports, '${name}', { enumerable: true, get: () => require(${requiredPath(statement)}) })`,
    );
  }
  return contents;
}

export const lazySchemaCompilersPlugin = {
  name: 'lazy-schema-compilers',
  setup(build) {
    for (const lazy of LAZY_REQUIRES)
      build.onLoad({ filter: lazy.file }, async (args) => ({
        contents: makeRequiresLazy(args.path, await readFile(args.path, 'utf8'), lazy),
        loader: 'js',
      }));
  },
};
