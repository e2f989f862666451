import {
  ChangeMessageVisibilityCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueues, encodeJobMessage } from '@app/jobs';
import { startSqsServer, SqsServer } from '@app/sqs-server';
import { MOTO_CREDENTIALS, MOTO_REGION, MotoServer, startMoto } from '../../../test/support/moto';
import { messagesIn } from '../../../test/support/queue-depth';
import { REPO_ROOT, tempDataDir } from '../../../test/support/test-env';

const DLQ_TOOL = join(REPO_ROOT, 'dist/apps/dlq/src/main.js');
const QUEUE_NAME = 'dlq-tool-jobs';

interface Backend {
  sqs: SQSClient;
  /** The environment the tool reads, as the worker would. */
  env: Record<string, string>;
  close(): Promise<void>;
}

async function selfHosted(): Promise<Backend> {
  const data = tempDataDir('dlq');
  const server: SqsServer = await startSqsServer({ dataDir: data.dir, port: 0 });
  return {
    sqs: new SQSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: MOTO_CREDENTIALS }),
    env: { DATA_DIR: data.dir, QUEUE_PORT: String(server.port), QUEUE_NAME },
    async close() {
      await server.close();
      data.remove();
    },
  };
}

async function moto(): Promise<Backend> {
  const motoServer: MotoServer = await startMoto();
  return {
    sqs: new SQSClient({ region: MOTO_REGION, endpoint: motoServer.endpoint, credentials: MOTO_CREDENTIALS }),
    env: {
      SQS_QUEUE_URL: `${motoServer.endpoint}/123456789012/${QUEUE_NAME}`,
      AWS_ENDPOINT_URL: motoServer.endpoint,
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    },
    close: () => motoServer.close(),
  };
}

function dlq(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DLQ_TOOL, ...args],
      { env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each([
  ['the project’s queue server', selfHosted],
  ['SQS (moto)', moto],
])('npm run dlq, against %s', (_name, start) => {
  let backend: Backend;
  let queueUrl: string;
  let deadLetterQueueUrl: string;

  /** Sends job messages and receives each past maxReceiveCount (1), as a crashing worker would. */
  async function deadLetter(jobIds: string[]): Promise<void> {
    for (const jobId of jobIds)
      await backend.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: encodeJobMessage({ jobId }) }));
    const { Messages = [] } = await backend.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(Messages).toHaveLength(jobIds.length);
    for (const m of Messages)
      await backend.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: m.ReceiptHandle!,
          VisibilityTimeout: 0,
        }),
      );
    // The second receive exceeds maxReceiveCount: the queue moves them to the dead-letter queue instead.
    await backend.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    expect(await messagesIn(backend.sqs, deadLetterQueueUrl)).toBe(jobIds.length);
  }

  beforeAll(async () => {
    backend = await start();
    ({ queueUrl, deadLetterQueueUrl } = await createJobQueues(backend.sqs, {
      queueName: QUEUE_NAME,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 1,
    }));
    await deadLetter(['job-a', 'job-b']);
  });

  afterAll(async () => {
    backend?.sqs.destroy();
    await backend?.close();
  });

  it('when list is run, then it shows each dead-lettered job id with its receive count, and leaves the messages there', async () => {
    const run = await dlq(backend.env, 'list');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${deadLetterQueueUrl}: 2 message(s)`);
    expect(run.stdout).toMatch(/\sjob-a\s+1\s+20\d\d-/);
    expect(run.stdout).toMatch(/\sjob-b\s+1\s+20\d\d-/);
    expect(await messagesIn(backend.sqs, deadLetterQueueUrl)).toBe(2);
    // Released at once, not hidden until a visibility timeout: another receive sees them now.
    const { Messages = [] } = await backend.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages).toHaveLength(2);
  });

  it('when redrive is run, then every message is back on the jobs queue, with its body, and the dead-letter queue is empty', async () => {
    const run = await dlq(backend.env, 'redrive');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^moved 2 message\(s\) to .*dlq-tool-jobs \(receive, send, then delete\)$/m);
    expect(await messagesIn(backend.sqs, deadLetterQueueUrl)).toBe(0);
    const { Messages = [] } = await backend.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    expect(Messages.map((m) => JSON.parse(m.Body!).jobId).sort()).toEqual(['job-a', 'job-b']);
  });

  it('when purge is run without --yes, then nothing is deleted and it says how to confirm', async () => {
    await deadLetter(['job-c']);
    const run = await dlq(backend.env, 'purge');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/purge deletes all 1 message\(s\) on .*; run again with --yes/);
    expect(await messagesIn(backend.sqs, deadLetterQueueUrl)).toBe(1);
  });

  it('when purge --yes is run, then the dead-letter queue is empty', async () => {
    const run = await dlq(backend.env, 'purge', '--yes');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^purged 1 message\(s\) from /m);
    expect(await messagesIn(backend.sqs, deadLetterQueueUrl)).toBe(0);
  });
});

describe('npm run dlq, self-hosted, with no queue server running', () => {
  it('when list is run, then it fails saying the queue server is not answering', async () => {
    const data = tempDataDir('dlq-down');
    try {
      const run = await dlq({ DATA_DIR: data.dir, QUEUE_PORT: '9' }, 'list');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^dlq: .*\(is the queue server running\? npm run queue\)/m);
    } finally {
      data.remove();
    }
  });
});
