/**
 * esbuild plugin: top-level requires of what a cold start never calls, run on first use instead. What runs when it
 * is used is the same. The build fails if a file no longer has the line it rewrites, so an upgrade cannot silently
 * bring the eager load back.
 * - Fastify builds its schema compilers' factories when an instance is created, and their modules require Ajv
 *   (twice: Ajv and Ajv JTD), fast-json-stringify and fast-uri as they load: ~270 KiB of the bundle, for compilers
 *   that only a route with a JSON schema calls, and Nest gives Fastify none.
 * - @nestjs/swagger requires js-yaml (65 KiB) as it loads, for the YAML document, which Lambda never serves
 *   (API_DOCS=false there; with it, on the first request for the YAML).
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
  {
    file: /@nestjs[\\/]swagger[\\/]dist[\\/]swagger-module\.js$/,
    requires: { jsyaml: 'const jsyaml = __importStar(require("js-yaml"))' },
    exports: {},
  },
];

/** What `const name = <this>` binds; `require(...)` in it is what is deferred. */
const boundExpression = (statement) => statement.slice(statement.indexOf('=') + 1).trim();
const requiredPath = (statement) => statement.match(/require\((['"][^'"]+['"])\)/)[1];

/** The source with each listed require run on first use of its binding (which must stay a plain identifier). */
export function makeRequiresLazy(path, source, { requires, exports }) {
  let contents = source;
  const missing = (statement) =>
    new Error(`${path}: "${statement}", which the lazy-requires plugin defers, is gone; update the plugin`);
  for (const [name, statement] of Object.entries(requires)) {
    if (!contents.includes(statement)) throw missing(statement);
    contents = contents.replace(
      statement,
      `let ${name}$loaded; const ${name}$load = () => (${name}$loaded ??= ${boundExpression(statement)})`,
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

export const lazyRequiresPlugin = {
  name: 'lazy-requires',
  setup(build) {
    for (const lazy of LAZY_REQUIRES)
      build.onLoad({ filter: lazy.file }, async (args) => ({
        contents: makeRequiresLazy(args.path, await readFile(args.path, 'utf8'), lazy),
        loader: 'js',
      }));
  },
};
