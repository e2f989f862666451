/**
 * esbuild plugin: @nestjs/swagger's files require('lodash'), the one 540 KB file of all of lodash, which every cold
 * start parses and evaluates (its decorators run at load even with API_DOCS=false) for the thirty functions they
 * read. Each requiring file gets a module of just those, each from lodash's own module of it (`lodash/omit.js`: the
 * same code). The build fails if a requirer uses lodash other than by reading a member, or if the whole of lodash
 * is still bundled.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { membersRead } from './slim-rxjs.mjs';

const WHOLE_LODASH = /[\\/]node_modules[\\/]lodash[\\/]lodash\.js$/;

/** Throws if the bundle (its esbuild metafile) still holds lodash.js, all of lodash. */
export function assertNoWholeLodash(metafile) {
  const whole = Object.keys(metafile.inputs).filter((input) => WHOLE_LODASH.test(input));
  if (whole.length)
    throw new Error(`slim-lodash: all of lodash is still bundled, required by:\n  ${whole.join('\n  ')}`);
}

export const slimLodashPlugin = {
  name: 'slim-lodash',
  setup(build) {
    build.onResolve({ filter: /^lodash$/ }, (args) =>
      args.kind === 'require-call' && args.namespace === 'file'
        ? { path: args.importer, namespace: 'slim-lodash' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'slim-lodash' }, async ({ path }) => ({
      contents: membersRead(await readFile(path, 'utf8'), 'lodash', path)
        .map((member) => `exports.${member} = require(${JSON.stringify(`lodash/${member}.js`)});`)
        .join('\n'),
      // Resolved from the requiring file, as its own require('lodash') would be.
      resolveDir: dirname(path),
      loader: 'js',
    }));
  },
};
