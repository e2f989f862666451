/**
 * esbuild plugin: Nest (and nestjs-pino, Terminus) require('rxjs') and require('rxjs/operators'), which resolve to
 * rxjs's CommonJS build and evaluate all of it on every cold start (~170 KiB of the bundle), for the twenty members
 * they use. Here every import of rxjs takes its ES module build instead (rxjs declares no side effects), and each
 * CommonJS requirer gets a module re-exporting just the members it reads, so esbuild keeps only those. One copy of
 * rxjs either way: the build fails if rxjs's CommonJS build is still bundled, or if a requirer uses what it required
 * other than by reading a member (which this plugin could not see).
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const ENTRY = /^rxjs(\/operators)?$/;
const COMMONJS_BUILD = /[\\/]rxjs[\\/]dist[\\/]cjs[\\/]/;

/** The members `source` reads from what it bound `require(specifier)` to (`const rxjs_1 = require("rxjs")`). */
export function membersRead(source, specifier, file) {
  const escaped = specifier.replace('/', '\\/');
  const bindings = [...source.matchAll(new RegExp(`(?:const|var|let) (\\w+) = require\\(["']${escaped}["']\\);`, 'g'))];
  if (!bindings.length) throw new Error(`${file} requires ${specifier} in a way slim-rxjs does not recognise`);
  const members = new Set();
  for (const [, binding] of bindings) {
    // Every use but the declaration must read a member.
    const uses = [...source.matchAll(new RegExp(`(?<![\\w$.])${binding}(?![\\w$])(\\.(\\w+))?`, 'g'))];
    const bare = uses.filter((use) => !use[2]);
    if (bare.length !== 1) throw new Error(`${file} uses ${binding} (${specifier}) whole; slim-rxjs cannot slim it`);
    for (const use of uses) if (use[2]) members.add(use[2]);
  }
  return [...members].sort();
}

/** Throws if the bundle (its esbuild metafile) still holds rxjs's CommonJS build: two copies of rxjs, or one unslimmed. */
export function assertNoCommonJsRxjs(metafile) {
  const commonJs = Object.keys(metafile.inputs).filter((input) => COMMONJS_BUILD.test(input));
  if (commonJs.length)
    throw new Error(`slim-rxjs: rxjs's CommonJS build is still bundled:\n  ${commonJs.join('\n  ')}`);
}

export const slimRxjsPlugin = {
  name: 'slim-rxjs',
  setup(build) {
    /** rxjs's ES module build of `specifier`, from the copy `importer` would get. */
    const moduleBuildOf = async (specifier, resolveDir) => {
      const commonJs = await build.resolve(specifier, {
        kind: 'require-call',
        resolveDir,
        pluginData: { slimRxjs: 1 },
      });
      if (commonJs.errors.length || !COMMONJS_BUILD.test(commonJs.path))
        throw new Error(`slim-rxjs: ${specifier} no longer resolves to rxjs's dist/cjs (${commonJs.path})`);
      return commonJs.path.replace(COMMONJS_BUILD, (cjs) => cjs.replace('cjs', 'esm5'));
    };
    build.onResolve({ filter: ENTRY }, async (args) => {
      if (args.pluginData?.slimRxjs) return undefined;
      const moduleBuild = await moduleBuildOf(args.path, args.resolveDir);
      if (args.kind !== 'require-call') return { path: moduleBuild };
      // One module per requirer and specifier, each made from what that file reads.
      return {
        path: `${args.importer}?${args.path}`,
        namespace: 'slim-rxjs',
        pluginData: { file: args.importer, specifier: args.path, moduleBuild },
      };
    });
    build.onLoad(
      { filter: /.*/, namespace: 'slim-rxjs' },
      async ({ pluginData: { file, specifier, moduleBuild } }) => ({
        contents: `export { ${membersRead(await readFile(file, 'utf8'), specifier, file).join(', ')} } from ${JSON.stringify(moduleBuild)};`,
        resolveDir: dirname(moduleBuild),
        loader: 'js',
      }),
    );
  },
};
