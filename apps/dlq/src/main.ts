import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { jobQueueOptionsOf, loadConfig } from '@app/config';
import { createSqsClient, DeadLetterQueue } from '@app/jobs';
import { renderTable } from '@app/core';

/**
 * `npm run dlq -- list|redrive|purge`: the jobs queue's dead-letter queue, in whichever mode the configuration
 * names (the project's queue server, or SQS with SQS_QUEUE_URL), read from the same variables as the worker.
 */
async function withQueue(action: (dlq: DeadLetterQueue) => Promise<number | void>): Promise<void> {
  const config = loadConfig();
  const sqs = createSqsClient(jobQueueOptionsOf(config));
  try {
    process.exitCode =
      (await action(new DeadLetterQueue(sqs, config.queue.deadLetterQueueUrl, config.queue.queueUrl))) ?? 0;
  } catch (error) {
    const unreachable = /ECONNREFUSED|fetch failed/.test(`${error.code} ${error.message} ${error.cause?.code ?? ''}`);
    const hint =
      unreachable && config.queue.mode === 'self-hosted' ? ' (is the queue server running? npm run queue)' : '';
    console.error(`dlq: ${error.message ?? error}${hint}`);
    process.exitCode = 1;
  } finally {
    sqs.destroy();
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

const program = new Command('dlq').description('The dead-letter queue of the jobs queue').showHelpAfterError();

program
  .command('list')
  .description('show dead-lettered messages (job id, deliveries) without consuming them')
  .option('--max <n>', 'look at most at this many', positiveInt, 100)
  .action(({ max }: { max: number }) =>
    withQueue(async (dlq) => {
      const letters = await dlq.list(max);
      console.log(
        `${dlq.deadLetterQueueUrl}: ${letters.length} message(s)${letters.length === max ? ' shown (--max)' : ''}`,
      );
      if (letters.length > 0)
        console.log(
          renderTable(
            ['message', 'job', 'receives', 'sent'],
            letters.map((l) => [l.messageId, l.jobId ?? '(not a job message)', l.receiveCount, l.sentAt.toISOString()]),
          ),
        );
    }),
  );

program
  .command('redrive')
  .description('move every dead-lettered message back to the jobs queue')
  .action(() =>
    withQueue(async (dlq) => {
      const result = await dlq.redrive();
      const how = result.method === 'move-task' ? 'SQS message move task' : 'receive, send, then delete';
      console.log(`moved ${result.moved} message(s) to ${dlq.jobsQueueUrl} (${how})`);
      if (result.failed > 0) {
        console.error(`dlq: ${result.failed} message(s) could not be sent and stay on the dead-letter queue`);
        return 1;
      }
    }),
  );

program
  .command('purge')
  .description('delete every dead-lettered message (needs --yes)')
  .option('--yes', 'really delete them')
  .action(({ yes }: { yes?: boolean }) =>
    withQueue(async (dlq) => {
      if (!yes) {
        console.error(
          `dlq: purge deletes all ${await dlq.depth()} message(s) on ${dlq.deadLetterQueueUrl}; run again with --yes`,
        );
        return 2;
      }
      console.log(`purged ${await dlq.purge()} message(s) from ${dlq.deadLetterQueueUrl}`);
    }),
  );

program.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
program.parseAsync(process.argv).catch((error) => {
  console.error(`dlq: ${error?.message ?? error}`);
  process.exit(1);
});
