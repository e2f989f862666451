import { parseRedrivePolicy, type RedrivePolicy } from './redrive-policy';

export interface QueueRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  attributes: string;
  tags: string;
  created_at: number;
  modified_at: number;
  purged_at: number;
}

/** A queue with its attributes parsed once, so hot paths read numbers instead of strings. */
export class Queue {
  readonly id: number;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly createdAt: number;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  modifiedAt: number;
  purgedAt: number;
  visibilityTimeout = 30;
  retentionSeconds = 345600;
  delaySeconds = 0;
  waitSeconds = 0;
  maximumMessageSize = 1048576;
  redrive: RedrivePolicy | undefined;
  readonly fifo: boolean;

  constructor(
    row: QueueRow,
    readonly arn: string,
  ) {
    this.id = row.id;
    this.name = row.name;
    this.accountId = row.account_id;
    this.region = row.region;
    this.createdAt = row.created_at;
    this.modifiedAt = row.modified_at;
    this.purgedAt = row.purged_at;
    this.tags = JSON.parse(row.tags);
    this.fifo = row.name.endsWith('.fifo');
    this.attributes = {};
    this.applyAttributes(JSON.parse(row.attributes));
  }

  applyAttributes(attributes: Record<string, string>): void {
    this.attributes = attributes;
    this.visibilityTimeout = Number(attributes.VisibilityTimeout ?? 30);
    this.retentionSeconds = Number(attributes.MessageRetentionPeriod ?? 345600);
    this.delaySeconds = Number(attributes.DelaySeconds ?? 0);
    this.waitSeconds = Number(attributes.ReceiveMessageWaitTimeSeconds ?? 0);
    this.maximumMessageSize = Number(attributes.MaximumMessageSize ?? 1048576);
    this.redrive = attributes.RedrivePolicy ? parseRedrivePolicy(attributes.RedrivePolicy) : undefined;
  }

  get contentBasedDeduplication(): boolean {
    return this.attributes.ContentBasedDeduplication === 'true';
  }
}
