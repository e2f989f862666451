import { OnApplicationShutdown } from '@nestjs/common';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { JOBS_TABLE } from '@app/infrastructure';
import { AppError } from '@app/core';
import { ObjectStorage } from '@app/storage';
import { IdempotencyClaim } from '../../domain/idempotency';
import { ImageResult, Job, JobOwner } from '../../domain/job';
import { canTransition, isTerminal, JobStatus } from '../../domain/job-status';
import { JobPage, JobStore, JobTransition, PendingJob } from '../../ports/job-store.port';
import { decodeCursor, encodeCursor } from '../page-cursor';
import { fromItem, JobItem, toItem } from './job-item';
import { tenantUserKey } from './jobs-table';
import { fitsInline, OffloadedResults } from './offloaded-results';
import { transitionUpdate } from './transition-update';
import { PENDING_WEBHOOK, WebhookState } from '../../domain/webhook';

export interface DynamoDbJobStoreOptions {
  tableName: string;
  /** Days after its last change a job may be deleted by DynamoDB's TTL; undefined keeps jobs forever. */
  resultTtlDays?: number;
}

export class JobAlreadyExistsError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} already exists`);
    this.name = 'JobAlreadyExistsError';
  }
}

const isConditionFailure = (error: { name?: string }) => error.name === 'ConditionalCheckFailedException';
/**
 * DynamoDB deletes expired items lazily (often days later); until then they are treated as gone, so a job never
 * outlives its TTL and never points at results the bucket's lifecycle rule already removed.
 */
const isExpired = (item: JobItem) => item.expiresAt !== undefined && item.expiresAt * 1000 <= Date.now();

/**
 * The job store on DynamoDB. Every state change is one conditional UpdateItem on the job's current status, so two
 * workers racing on a job, or a late retry of a finished one, cannot both win: the loser gets null, never an error.
 */
export class DynamoDbJobStore implements JobStore, OnApplicationShutdown {
  private readonly offloaded: OffloadedResults;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    storage: ObjectStorage,
    private readonly options: DynamoDbJobStoreOptions,
  ) {
    this.offloaded = new OffloadedResults(storage);
  }

  async create(job: Job): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: toItem(job, this.expiresAt(new Date(job.updatedAt))),
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': JOBS_TABLE.partitionKey },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new JobAlreadyExistsError(job.jobId);
      throw error;
    }
  }

  async get(jobId: string): Promise<Job | null> {
    // Strongly consistent: a worker reads a job the API wrote a moment ago.
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { [JOBS_TABLE.partitionKey]: jobId },
        ConsistentRead: true,
      }),
    );
    return Item && !isExpired(Item as JobItem) ? this.hydrate(Item as JobItem) : null;
  }

  async transition(jobId: string, t: JobTransition): Promise<Job | null> {
    if (!t.results) return this.update(jobId, t, {});
    const placed = await this.placeResults(jobId, t);
    return placed && this.update(jobId, t, placed);
  }

  async recordImage(jobId: string, result: ImageResult, at: Date): Promise<Job | null> {
    const write = (entry: ImageResult) =>
      this.db.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: jobId },
          // One list element, not the whole list: workers recording different images never overwrite each other.
          UpdateExpression: `SET #results[${result.imageIndex}] = :result, #updatedAt = :at`,
          ConditionExpression: `#status = :processing AND #results[${result.imageIndex}].#status = :pending`,
          ExpressionAttributeNames: {
            '#results': 'results',
            '#updatedAt': 'updatedAt',
            '#status': 'status', // the job's status, and the image's within its entry
          },
          ExpressionAttributeValues: {
            ':result': entry,
            ':at': at.toISOString(),
            ':processing': JobStatus.PROCESSING,
            ':pending': 'pending',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
    try {
      const { Attributes } = await write(result).catch((error) => {
        // An item holds 400 KB at most: an image with too many boxes to fit is recorded without them while the
        // job runs; the final write (offloaded when large) carries them.
        if (error.name === 'ValidationException' && /size/i.test(error.message))
          return write({ ...result, detections: [] });
        throw error;
      });
      return this.hydrate(Attributes as JobItem);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async reopen(jobId: string, { from, results, at }: { from: Job; results: ImageResult[]; at: Date }) {
    const when = at.toISOString();
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { [JOBS_TABLE.partitionKey]: jobId },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const { results: _previous, resultsKey: _offloaded, ...rest } = Item as JobItem;
    // A job with a webhook gets its next end delivered too.
    const webhook = rest.callbackUrl ? { set: ', #webhook = :webhook', value: { ':webhook': PENDING_WEBHOOK } } : null;
    // While it runs, a job's results must be a list in the item: each image is recorded into it.
    if (!fitsInline(rest, results)) {
      throw new AppError('too-large', `job ${jobId} has too many detections to be run again in place`);
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: jobId },
          UpdateExpression:
            'SET #status = :pending, #results = :results, #updatedAt = :at, #pending = :pending, #pendingSince = :at' +
            (webhook?.set ?? '') +
            ' REMOVE #error, #completedAt, #resultsKey',
          ConditionExpression: '#status = :from AND #updatedAt = :seen',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#results': 'results',
            '#updatedAt': 'updatedAt',
            '#pending': JOBS_TABLE.pendingIndex.partitionKey,
            '#pendingSince': JOBS_TABLE.pendingIndex.sortKey,
            '#error': 'error',
            '#completedAt': 'completedAt',
            '#resultsKey': 'resultsKey',
            ...(webhook && { '#webhook': 'webhook' }),
          },
          ExpressionAttributeValues: {
            ':pending': JobStatus.PENDING,
            ':results': results,
            ':at': when,
            ':from': from.status,
            ':seen': from.updatedAt,
            ...webhook?.value,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.hydrate(Attributes as JobItem);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async recordWebhookAttempt(jobId: string, state: WebhookState, after: number): Promise<Job | null> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: jobId },
          UpdateExpression: 'SET #webhook = :state',
          ConditionExpression: '#webhook.#attempts = :after',
          ExpressionAttributeNames: { '#webhook': 'webhook', '#attempts': 'attempts' },
          ExpressionAttributeValues: { ':state': state, ':after': after },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.hydrate(Attributes as JobItem);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  /**
   * A claim is an item of its own in the jobs table, keyed `idem#<tenant>#<key>` (it has no status, so no transition
   * can match it, and none of the index attributes, so no listing shows it). DynamoDB's TTL deletes it lazily, so an
   * expired one is overwritten by the same conditional put.
   */
  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyClaim> {
    const key = idempotencyItemKey(claim);
    const now = Math.floor(Date.parse(claim.createdAt) / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            [JOBS_TABLE.partitionKey]: key,
            idempotency: claim,
            [JOBS_TABLE.ttlAttribute]: Math.ceil(Date.parse(claim.expiresAt) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(#key) OR #ttl <= :now',
          ExpressionAttributeNames: { '#key': JOBS_TABLE.partitionKey, '#ttl': JOBS_TABLE.ttlAttribute },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return claim;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: key },
          ConsistentRead: true,
        }),
      );
      // Released between the put and the read: try once more.
      return Item ? (Item.idempotency as IdempotencyClaim) : this.claimIdempotencyKey(claim);
    }
  }

  async releaseIdempotencyKey(claim: Pick<IdempotencyClaim, 'tenantId' | 'key' | 'jobId'>): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: idempotencyItemKey(claim) },
          ConditionExpression: 'idempotency.jobId = :jobId',
          ExpressionAttributeValues: { ':jobId': claim.jobId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async listByUser(
    { tenantId, userId }: JobOwner,
    { limit, cursor }: { limit: number; cursor?: string },
  ): Promise<JobPage> {
    const tenantUser = tenantUserKey(tenantId, userId);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: JOBS_TABLE.userIndex.name,
        KeyConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': JOBS_TABLE.userIndex.partitionKey },
        ExpressionAttributeValues: { ':owner': tenantUser },
        ScanIndexForward: false,
        // One more than asked tells whether there is a next page, so the last page carries no cursor.
        Limit: limit + 1,
        // ExclusiveStartKey takes the index key plus the table key. The cursor carries no partition: the listing it
        // continues is always the caller's own tenant and user, so another tenant's cursor only names a position.
        ...(cursor && {
          ExclusiveStartKey: { ...decodeCursor(cursor), [JOBS_TABLE.userIndex.partitionKey]: tenantUser },
        }),
      }),
    );
    const page = (Items as JobItem[]).slice(0, limit);
    const items = await Promise.all(page.filter((item) => !isExpired(item)).map((item) => this.hydrate(item)));
    // The cursor follows the last item read, expired or not, so the next page starts right after it.
    const last = page[page.length - 1];
    return Items.length > limit
      ? { items, nextCursor: encodeCursor({ createdAt: last.createdAt, jobId: last.jobId }) }
      : { items };
  }

  async listPendingSince(before: Date, limit: number): Promise<PendingJob[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: JOBS_TABLE.pendingIndex.name,
        KeyConditionExpression: '#pending = :pending AND #since < :before',
        ExpressionAttributeNames: {
          '#pending': JOBS_TABLE.pendingIndex.partitionKey,
          '#since': JOBS_TABLE.pendingIndex.sortKey,
        },
        ExpressionAttributeValues: { ':pending': JobStatus.PENDING, ':before': before.toISOString() },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return Items.map((item) => ({ jobId: item.jobId as string, pendingSince: item.pendingSince as string }));
  }

  async claimRequeue(job: PendingJob, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: job.jobId },
          UpdateExpression: 'SET #since = :at',
          ConditionExpression: '#status = :pending AND #since = :seen',
          ExpressionAttributeNames: { '#status': 'status', '#since': JOBS_TABLE.pendingIndex.sortKey },
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ':pending': JobStatus.PENDING,
            ':seen': job.pendingSince,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async ping(): Promise<void> {
    // GetItem, not DescribeTable: it is the permission both the API and the worker already have.
    await this.db.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { [JOBS_TABLE.partitionKey]: '__ping__' },
        ProjectionExpression: '#key',
        ExpressionAttributeNames: { '#key': JOBS_TABLE.partitionKey },
      }),
    );
  }

  close(): void {
    this.db.destroy();
  }

  /** Nest frees the client's sockets at shutdown. */
  onApplicationShutdown(): void {
    this.close();
  }

  /**
   * Inline when the whole item stays under the limit, else in object storage. The item is read first (once per
   * job, on its final write): a large image list or metadata leaves less room for results, and a job another
   * worker already finished needs no results file at all (null). The conditional update still decides.
   */
  private async placeResults(
    jobId: string,
    t: JobTransition,
  ): Promise<{ results: ImageResult[] } | { resultsKey: string } | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { [JOBS_TABLE.partitionKey]: jobId },
        ConsistentRead: true,
      }),
    );
    if (!Item || !canTransition(Item.status, t.to)) return null;
    const { results: _previous, ...rest } = Item as JobItem;
    return fitsInline(rest, t.results!)
      ? { results: t.results! }
      : { resultsKey: await this.offloaded.save(jobId, t.results!) };
  }

  private async update(
    jobId: string,
    t: JobTransition,
    stored: { results?: ImageResult[]; resultsKey?: string },
  ): Promise<Job | null> {
    const attributes = { ...stored, error: t.error, expiresAt: this.expiresAt(t.at) };
    const at = t.at.toISOString();
    const ifAbsent = {
      results: stored.results || stored.resultsKey ? undefined : t.initialResults,
      startedAt: t.to === JobStatus.PROCESSING ? at : undefined,
      completedAt: isTerminal(t.to) ? at : undefined,
    };
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: jobId },
          ...transitionUpdate(t, attributes, ifAbsent),
          ReturnValues: 'ALL_NEW',
        }),
      );
      // The results just written are at hand: no need to read an offloaded copy back.
      return t.results ? fromItem(Attributes as JobItem, t.results) : this.hydrate(Attributes as JobItem);
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  private async hydrate(item: JobItem): Promise<Job> {
    return fromItem(item, item.resultsKey ? await this.offloaded.load(item.resultsKey) : item.results);
  }

  private expiresAt(at: Date): number | undefined {
    const days = this.options.resultTtlDays;
    return days ? Math.floor(at.getTime() / 1000) + days * 24 * 3600 : undefined;
  }
}

/** The claim's item key: the tenant URI-encoded so that its characters can never contain the separator. */
function idempotencyItemKey({ tenantId, key }: Pick<IdempotencyClaim, 'tenantId' | 'key'>): string {
  return `idem#${encodeURIComponent(tenantId)}#${key}`;
}
