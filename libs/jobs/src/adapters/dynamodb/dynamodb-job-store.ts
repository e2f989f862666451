import { OnApplicationShutdown } from '@nestjs/common';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { JOBS_TABLE } from '@app/infrastructure';
import { ObjectStorage } from '@app/storage';
import { ImageResult, Job, JobOwner } from '../../domain/job';
import { canTransition } from '../../domain/job-status';
import { JobStatus } from '../../domain/job-status';
import { JobPage, JobStore, JobTransition, PendingJob } from '../../ports/job-store.port';
import { decodeCursor, encodeCursor } from '../page-cursor';
import { fromItem, JobItem, toItem } from './job-item';
import { tenantUserKey } from './jobs-table';
import { fitsInline, OffloadedResults } from './offloaded-results';
import { transitionUpdate } from './transition-update';

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
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { [JOBS_TABLE.partitionKey]: jobId },
          ...transitionUpdate(t, attributes),
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
