#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { cliContext, CliContext } from './cli-context';
import { detect } from './commands/detect.command';
import { listJobs } from './commands/jobs.command';
import { wait } from './commands/wait.command';
import { UnsupportedFeatureError } from './server-features';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/** Runs a command and exits with its code: 0 done, 1 failed (job, image or request), 2 unsupported or bad usage. */
function run(action: (ctx: CliContext, ...args: never[]) => Promise<number>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const ctx = cliContext(command.optsWithGlobals());
    try {
      process.exitCode = await action(ctx, ...(args.slice(0, -1) as never[]));
    } catch (error) {
      const code = error?.cause?.code ?? error?.cause?.errors?.[0]?.code;
      const detail = code ?? error?.cause?.message;
      const cause = detail ? ` (${detail})` : '';
      const message = error?.message === 'fetch failed' ? `cannot reach ${ctx.server}${cause}` : error?.message;
      process.stderr.write(`image-detect: ${message ?? error}\n`);
      process.exitCode = error instanceof UnsupportedFeatureError ? 2 : 1;
    }
  };
}

const program = new Command('image-detect')
  .description('Command-line client of the image detection API')
  .addOption(new Option('--server <url>', 'API base URL').env('IMAGE_DETECT_SERVER').default('http://127.0.0.1:3000'))
  .addOption(
    new Option('--api-key <key>', 'sent as x-api-key, where the server requires keys').env('IMAGE_DETECT_API_KEY'),
  )
  .showHelpAfterError();

const user = () => new Option('--user <id>', 'userId the jobs belong to').env('IMAGE_DETECT_USER').default('cli');
const timeout = () =>
  new Option('--timeout <seconds>', 'give up waiting after this long').argParser(positiveInt).default(600);

// Before the commands: they inherit it, so bad usage of a command's options exits 2 as well.
program.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

program
  .command('detect')
  .description('upload photos, run one job over them, print the detections')
  .argument('<photos...>', 'image files (jpg, png, webp, gif, tiff, avif)')
  .option('--model <name>', 'model to run, "name" or "name@version" (the server lists them: GET /models)')
  .option(
    '--tiling',
    'also run the model on overlapping tiles of each photo and merge the boxes: finds more small objects, at up to 10x the inference',
  )
  .option(
    '--annotate <out.jpg>',
    'write the photo with its boxes drawn (several photos: out-0.jpg, out-1.jpg, …; needs a server that draws them)',
  )
  .addOption(
    new Option('--format <format>', 'print the detections as COCO results JSON or CSV instead of a table').choices([
      'coco',
      'csv',
    ]),
  )
  .addOption(user())
  .addOption(timeout())
  .action(run((ctx, photos: string[], options) => detect(ctx, photos, options)));

program
  .command('jobs')
  .description("list a user's jobs, newest first")
  .addOption(user())
  .addOption(new Option('--limit <n>', 'how many').argParser(positiveInt).default(20))
  .action(run((ctx, options) => listJobs(ctx, options)));

program
  .command('wait')
  .description('wait for a job to finish and print its detections')
  .argument('<jobId>', 'the job id POST /process answered')
  .addOption(timeout())
  .action(run((ctx, jobId: string, options) => wait(ctx, jobId, options)));

program.parseAsync(process.argv).catch((error) => {
  process.stderr.write(`image-detect: ${error?.message ?? error}\n`);
  process.exit(1);
});
