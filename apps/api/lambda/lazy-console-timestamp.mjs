/**
 * esbuild plugin: Nest's ConsoleLogger and Logger each build their timestamp formatter (an Intl.DateTimeFormat)
 * when their module is evaluated, which loads ICU's locale data: ~17 ms of every cold start, for loggers the API
 * replaces with pino before it logs anything. In the bundle the formatter is built on its first use instead; what
 * it prints is the same. The build fails if Nest's files no longer have that line, so an upgrade cannot silently
 * drop the rewrite.
 */
import { readFile } from 'node:fs/promises';

const EAGER = /const dateTimeFormatter = new Intl\.DateTimeFormat\(([^;]*)\);/;

export const lazyConsoleTimestampPlugin = {
  name: 'lazy-console-timestamp',
  setup(build) {
    build.onLoad({ filter: /@nestjs[\\/]common[\\/]services[\\/](console-)?logger\.service\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!EAGER.test(source))
        throw new Error(`${args.path}: the eager Intl.DateTimeFormat this plugin defers is gone; update the plugin`);
      const contents = source.replace(
        EAGER,
        (_, options) =>
          `let dateTimeFormatterOnce; const dateTimeFormatter = { format: (date) => (dateTimeFormatterOnce ??= new Intl.DateTimeFormat(${options})).format(date) };`,
      );
      return { contents, loader: 'js' };
    });
  },
};
