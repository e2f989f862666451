/**
 * esbuild plugin: Nest's ValidationPipe and @nestjs/mapped-types require('class-validator') whole, which evaluates
 * every one of its decorators and, through them, nearly all of validator.js (~400 KiB of the bundle) on every cold
 * start, where the API's DTOs use ten of them. Nest's requires get a module with only the members Nest reads; the
 * API's own imports name theirs, so esbuild keeps only what is used (class-validator declares no side effects). The
 * rules that run and their messages are the same: the decorators register in class-validator's one global
 * metadata storage, which `validate` reads. The build fails if a requiring file reads a member not listed here.
 */
import { readFile } from 'node:fs/promises';

/** What Nest's requiring files read from class-validator (validation.pipe.js, mapped-types' type-helpers.utils.js). */
const MEMBERS_NEST_READS = [
  'validate',
  'getMetadataStorage',
  'getFromContainer',
  'MetadataStorage',
  'IsOptional',
  'ValidateIf',
];

/** The requiring files, and how each names the required module. */
const REQUIRERS = [
  { file: /@nestjs[\\/]common[\\/]pipes[\\/]validation\.pipe\.js$/, binding: 'classValidator' },
  { file: /@nestjs[\\/]mapped-types[\\/]dist[\\/]type-helpers\.utils\.js$/, binding: 'classValidator' },
];

export const slimClassValidatorPlugin = {
  name: 'slim-class-validator',
  setup(build) {
    build.onResolve({ filter: /^class-validator$/ }, (args) =>
      args.namespace === 'file' && /[\\/]node_modules[\\/]@nestjs[\\/]/.test(args.importer)
        ? // One per requiring file, so that each is checked.
          { path: args.importer, namespace: 'slim-class-validator' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'slim-class-validator' }, async ({ path: importer }) => {
      const requirer = REQUIRERS.find(({ file }) => file.test(importer));
      if (!requirer)
        throw new Error(`${importer} requires class-validator; list what it reads in slim-class-validator`);
      const source = await readFile(importer, 'utf8');
      const read = [...source.matchAll(new RegExp(`\\b${requirer.binding}\\.(\\w+)`, 'g'))].map((match) => match[1]);
      const unlisted = [...new Set(read)].filter((member) => !MEMBERS_NEST_READS.includes(member));
      if (!read.length || unlisted.length)
        throw new Error(
          `${importer} reads class-validator's ${unlisted.join(', ') || '(nothing found)'}; update slim-class-validator`,
        );
      return {
        contents: `export { ${MEMBERS_NEST_READS.join(', ')} } from 'class-validator';`,
        // Resolved from the requiring package, as its own require would be.
        resolveDir: importer.replace(/[\\/][^\\/]+$/, ''),
        loader: 'js',
      };
    });
  },
};
