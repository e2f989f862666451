import { GetQueueUrlCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@app/core';
import { createSqsClient } from '../src/adapters/sqs/sqs-client.factory';
import { decodeJobMessage } from '../src/domain/job-message';
import { IDEMPOTENCY_TTL_MS } from '../src/domain/idempotency';
import { JobStatus } from '../src/domain/job-status';
import { SubmitJobCommand } from '../src/use-cases/submit-job/submit-job.command';
import {
  ABANDONED_CLAIM_MS,
  submissionHashOf,
  SubmitJobUseCase,
} from '../src/use-cases/submit-job/submit-job.use-case';
import { modelCatalog, startUseCaseParts, UseCaseParts } from './support/use-case-parts';

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

// The use cases log through Nest's Logger; the assertions below say what matters.
Logger.overrideLogger(false);

describe('SubmitJobUseCase with a real store, file storage and queue server', () => {
  let parts: UseCaseParts;
  let submitJob: SubmitJobUseCase;
  const USER = 'user123';

  beforeAll(async () => {
    parts = await startUseCaseParts('submit-job', { MAX_IMAGES_PER_JOB: 3 });
    submitJob = new SubmitJobUseCase(
      parts.store,
      parts.queue,
      parts.storage,
      parts.options.submit,
      await modelCatalog(parts),
    );
    await parts.storage.write('uploads/2026/11/28/a.png', Buffer.from('png bytes'), { contentType: 'image/png' });
    await parts.storage.write('uploads/2026/11/28/b.png', Buffer.from('png bytes'), { contentType: 'image/png' });
  });
  afterAll(() => parts.close());
  beforeEach(() => parts.drainBodies());

  /** Nothing stored for USER and nothing waiting on the queue. */
  async function expectNothingStoredOrEnqueued() {
    expect((await parts.store.listByUser({ tenantId: 'default', userId: USER }, { limit: 10 })).items).toEqual([]);
    expect(await parts.queuedMessages()).toBe(0);
  }

  // Accepted jobs use other users than USER, so the "nothing stored" checks stay meaningful.
  describe('accepted jobs', () => {
    it('when every image exists in the bucket, then the job is stored PENDING and one message with its id is queued', async () => {
      const urls = [parts.url('uploads/2026/11/28/a.png'), parts.url('uploads/2026/11/28/b.png')];
      const job = await submitJob.execute(new SubmitJobCommand(urls, 'accepted-user', { source: 'mobile-app' }));

      expect(job).toMatchObject({
        status: JobStatus.PENDING,
        imageUrls: urls,
        imageCount: 2,
        userId: 'accepted-user',
        metadata: { source: 'mobile-app' },
      });
      expect(job.jobId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await parts.store.get(job.jobId)).toEqual(job);
      const bodies = await parts.drainBodies();
      expect(bodies.map(decodeJobMessage)).toEqual([{ jobId: job.jobId }]);
    });

    it('when the submitting request has an id, then the queued message carries it for the worker', async () => {
      const url = parts.url('uploads/2026/11/28/a.png');
      const job = await submitJob.execute(new SubmitJobCommand([url], 'traced-user', undefined, 'default', 'req-77'));
      const bodies = await parts.drainBodies();
      expect(bodies.map(decodeJobMessage)).toEqual([{ jobId: job.jobId, requestId: 'req-77' }]);
    });

    it('when two jobs are submitted, then they get different ids', async () => {
      const url = parts.url('uploads/2026/11/28/a.png');
      const [one, two] = [
        await submitJob.execute(new SubmitJobCommand([url])),
        await submitJob.execute(new SubmitJobCommand([url])),
      ];
      expect(one.jobId).not.toBe(two.jobId);
      expect(await parts.queuedMessages()).toBe(2);
    });
  });

  describe('an Idempotency-Key whose first request died before storing its job', () => {
    const command = (key: string) =>
      new SubmitJobCommand([parts.url('uploads/2026/11/28/a.png')], 'crash-user', undefined, 'default', undefined, key);
    /** The claim a request leaves when it is killed right after claiming the key: no job, no message. */
    const abandonedClaim = async (key: string, ageMs: number) => {
      const createdAt = new Date(Date.now() - ageMs);
      const claim = {
        tenantId: 'default',
        key,
        requestHash: submissionHashOf(command(key)),
        jobId: randomUUID(),
        createdAt: createdAt.toISOString(),
        expiresAt: new Date(createdAt.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
      };
      expect((await parts.store.claimIdempotencyKey(claim)).jobId).toBe(claim.jobId);
      return claim;
    };

    it('when a retry comes after the claim is abandoned, then it takes the key over: one new job, queued, and a further retry replays it', async () => {
      const dead = await abandonedClaim('crashed-key', ABANDONED_CLAIM_MS + 1000);
      const retried = await submitJob.submit(command('crashed-key'));
      expect(retried.replayed).toBe(false);
      expect(retried.job.jobId).not.toBe(dead.jobId);
      expect((await parts.drainBodies()).map(decodeJobMessage)).toEqual([{ jobId: retried.job.jobId }]);
      const again = await submitJob.submit(command('crashed-key'));
      expect(again).toMatchObject({ replayed: true, job: { jobId: retried.job.jobId } });
    });

    it('when several retries race for an abandoned claim, then exactly one job is made and every retry answers with it', async () => {
      await abandonedClaim('raced-key', ABANDONED_CLAIM_MS + 1000);
      const answers = await Promise.all(Array.from({ length: 5 }, () => submitJob.submit(command('raced-key'))));
      expect(new Set(answers.map((answer) => answer.job.jobId)).size).toBe(1);
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      expect(await parts.drainBodies()).toHaveLength(1);
    });
  });

  describe('refused jobs', () => {
    it('when an image is in a foreign bucket, then a validation error names imageUrls[i] and the rule `bucket`, and nothing is stored or enqueued', async () => {
      const error = await rejectionOf(
        submitJob.execute(
          new SubmitJobCommand(
            [parts.url('uploads/2026/11/28/a.png'), 's3://someone-elses-bucket/uploads/a.png'],
            USER,
          ),
        ),
      );
      expect(error.kind).toBe('validation');
      expect(error.problems).toEqual([expect.objectContaining({ field: 'imageUrls[1]', rule: 'bucket' })]);
      await expectNothingStoredOrEnqueued();
    });

    it('when an image does not exist, then a validation error names imageUrls[i] and the rule `exists`, and nothing is stored or enqueued', async () => {
      const error = await rejectionOf(
        submitJob.execute(new SubmitJobCommand([parts.url('uploads/2026/11/28/never-uploaded.png')], USER)),
      );
      expect(error.kind).toBe('validation');
      expect(error.problems).toEqual([expect.objectContaining({ field: 'imageUrls[0]', rule: 'exists' })]);
      await expectNothingStoredOrEnqueued();
    });

    it.each([
      ['an https URL', 'https://image-processing-uploads.s3.amazonaws.com/uploads/a.png'],
      ['a bare key', 'uploads/2026/11/28/a.png'],
      ['an s3 URL without a key', 's3://image-processing-uploads/'],
      ['an s3 URL with a `..` segment', 's3://image-processing-uploads/uploads/../secret.png'],
    ])(
      'when an image URL is %s, then a validation error names imageUrls[i] and the rule `s3Url`, and nothing is stored or enqueued',
      async (_, url) => {
        const error = await rejectionOf(
          submitJob.execute(new SubmitJobCommand([parts.url('uploads/2026/11/28/a.png'), url], USER)),
        );
        expect(error.kind).toBe('validation');
        expect(error.problems).toEqual([expect.objectContaining({ field: 'imageUrls[1]', rule: 's3Url' })]);
        await expectNothingStoredOrEnqueued();
      },
    );

    it('when a key would escape the bucket folder, then it is refused as outside uploads/ (400), not an internal error', async () => {
      const error = await rejectionOf(
        submitJob.execute(new SubmitJobCommand([`s3://${parts.config.storage.bucket}//etc/passwd`], USER)),
      );
      expect(error.kind).toBe('validation');
      expect(error.problems).toEqual([expect.objectContaining({ field: 'imageUrls[0]', rule: 'uploadsPrefix' })]);
      await expectNothingStoredOrEnqueued();
    });

    it.each([
      ['is outside uploads/', 'uploadsPrefix', 'results/2026/11/28/a.png'],
      ['holds a NUL character', 'key', 'uploads/a\u0000b.png'],
      ['holds a line feed', 's3Url', 'uploads/a\nb.png'],
      ['holds a DEL character', 'key', 'uploads/a\u007fb.png'],
      ['is longer than 1024 bytes', 'key', `uploads/${'é'.repeat(520)}.png`],
      ['has a segment longer than the file system allows', 'exists', `uploads/${'a'.repeat(300)}.png`],
    ])(
      'when the key %s, then a validation error names imageUrls[i] and the rule `%s`, and nothing is stored or enqueued',
      async (_, rule, key) => {
        const error = await rejectionOf(
          submitJob.execute(new SubmitJobCommand([parts.url('uploads/2026/11/28/a.png'), parts.url(key)], USER)),
        );
        expect(error.kind).toBe('validation');
        expect(error.problems).toEqual([expect.objectContaining({ field: 'imageUrls[1]', rule })]);
        await expectNothingStoredOrEnqueued();
      },
    );

    it('when the URL names a folder that holds uploads rather than an object, then the rule is `exists`', async () => {
      const error = await rejectionOf(submitJob.execute(new SubmitJobCommand([parts.url('uploads/2026/11')], USER)));
      expect(error.problems).toEqual([expect.objectContaining({ field: 'imageUrls[0]', rule: 'exists' })]);
      await expectNothingStoredOrEnqueued();
    });

    it('when several images are bad, then every one of them is reported with its own index', async () => {
      const error = await rejectionOf(
        submitJob.execute(
          new SubmitJobCommand(['http://x/y.png', 's3://other-bucket/a.png', parts.url('uploads/missing.png')], USER),
        ),
      );
      expect(error.problems.map((p) => [p.field, p.rule])).toEqual([
        ['imageUrls[0]', 's3Url'],
        ['imageUrls[1]', 'bucket'],
        ['imageUrls[2]', 'exists'],
      ]);
      await expectNothingStoredOrEnqueued();
    });

    it('when there are more images than maxImagesPerJob, then a validation error names imageUrls with the rule `arrayMaxSize`', async () => {
      const urls = Array.from({ length: 4 }, () => parts.url('uploads/2026/11/28/a.png'));
      const error = await rejectionOf(submitJob.execute(new SubmitJobCommand(urls, USER)));
      expect(error.kind).toBe('validation');
      expect(error.problems).toEqual([expect.objectContaining({ field: 'imageUrls', rule: 'arrayMaxSize' })]);
      expect(error.problems[0].message).toContain('3');
      await expectNothingStoredOrEnqueued();
    });

    it('when exactly maxImagesPerJob images are given, then the job is accepted', async () => {
      const urls = Array.from({ length: 3 }, () => parts.url('uploads/2026/11/28/a.png'));
      expect((await submitJob.execute(new SubmitJobCommand(urls, 'at-the-limit'))).imageCount).toBe(3);
    });
  });
});

describe('SubmitJobUseCase when the queue server is down', () => {
  let parts: UseCaseParts;

  beforeAll(async () => {
    parts = await startUseCaseParts('submit-job-down');
    await parts.storage.write('uploads/a.png', Buffer.from('png bytes'), { contentType: 'image/png' });
    await parts.server.close();
  });
  afterAll(() => parts.close());

  it("when the message cannot be sent, then an 'unavailable' AppError is thrown and the stored job ends FAILED with a reason", async () => {
    const submitJob = new SubmitJobUseCase(
      parts.store,
      parts.queue,
      parts.storage,
      parts.options.submit,
      await modelCatalog(parts),
    );
    const error = await rejectionOf(submitJob.execute(new SubmitJobCommand([parts.url('uploads/a.png')], 'unlucky')));
    expect(error.kind).toBe('unavailable');

    const { items } = await parts.store.listByUser({ tenantId: 'default', userId: 'unlucky' }, { limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: JobStatus.FAILED, error: expect.stringContaining('could not be queued') });
  });
});

describe('SubmitJobUseCase when the queue refuses one message of a batch', () => {
  let parts: UseCaseParts;

  beforeAll(async () => {
    parts = await startUseCaseParts('submit-job-batch');
    await parts.storage.write('uploads/a.png', Buffer.from('png bytes'), { contentType: 'image/png' });
    // A 1 KiB message size limit lets one message of a batch be refused on its own (its request id is 2,000 chars).
    const sqs = createSqsClient(parts.options.queue);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: parts.config.queue.selfHosted.name }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { MaximumMessageSize: '1024' } }));
    sqs.destroy();
  });
  afterAll(() => parts.close());

  it('when three jobs are sent in one batch and one entry is refused, then only that request fails, its job ends FAILED and the others are PENDING and queued', async () => {
    const submitJob = new SubmitJobUseCase(
      parts.store,
      parts.queue,
      parts.storage,
      parts.options.submit,
      await modelCatalog(parts),
    );
    const command = (userId: string, requestId?: string) =>
      new SubmitJobCommand([parts.url('uploads/a.png')], userId, undefined, 'default', requestId);
    const outcomes = await Promise.allSettled([
      submitJob.execute(command('batch-ok-1')),
      submitJob.execute(command('batch-refused', 'r'.repeat(2000))),
      submitJob.execute(command('batch-ok-2')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as AppError).kind).toBe('unavailable');

    const jobsOf = async (userId: string) =>
      (await parts.store.listByUser({ tenantId: 'default', userId }, { limit: 10 })).items;
    // Nothing half-written: the refused job is not left PENDING without a message; it says why it never started.
    expect(await jobsOf('batch-refused')).toMatchObject([
      { status: JobStatus.FAILED, error: expect.stringContaining('could not be queued') },
    ]);
    const accepted = [...(await jobsOf('batch-ok-1')), ...(await jobsOf('batch-ok-2'))];
    expect(accepted.map((job) => job.status)).toEqual([JobStatus.PENDING, JobStatus.PENDING]);
    const queued = (await parts.drainBodies()).map((body) => decodeJobMessage(body)!.jobId).sort();
    expect(queued).toEqual(accepted.map((job) => job.jobId).sort());
  });
});
