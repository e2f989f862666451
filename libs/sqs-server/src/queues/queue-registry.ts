import type { SqliteDatabase } from '../store/open-database';
import { Queue, type QueueRow } from './queue';
import { parseQueueArn, queueArn, type QueueScope } from './queue-scope';

const keyOf = (scope: QueueScope, name: string) => `${scope.accountId}/${scope.region}/${name}`;

/** All queues of every account and region, cached in memory (there are few) and written through to SQLite. */
export class QueueRegistry {
  /** By `<account>/<region>/<name>`. */
  private readonly byKey = new Map<string, Queue>();
  private readonly byId = new Map<number, Queue>();
  private readonly insert;
  private readonly updateAttributes;
  private readonly updateTags;
  private readonly updatePurged;
  private readonly remove;
  private readonly removeMessages;
  private readonly removeDedup;
  private readonly removeAll;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(`INSERT INTO queues (account_id, region, name, attributes, tags, created_at, modified_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`);
    this.updateAttributes = db.prepare('UPDATE queues SET attributes = ?, modified_at = ? WHERE id = ?');
    this.updateTags = db.prepare('UPDATE queues SET tags = ? WHERE id = ?');
    this.updatePurged = db.prepare('UPDATE queues SET purged_at = ? WHERE id = ?');
    this.remove = db.prepare('DELETE FROM queues WHERE id = ?');
    this.removeMessages = db.prepare('DELETE FROM messages WHERE queue_id = ?');
    this.removeDedup = db.prepare('DELETE FROM fifo_dedup WHERE queue_id = ?');
    this.removeAll = db.transaction((id: number) => {
      this.removeMessages.run(id);
      this.removeDedup.run(id);
      this.remove.run(id);
    });
    for (const row of db.prepare('SELECT * FROM queues').all() as QueueRow[])
      this.remember(new Queue(row, queueArn({ accountId: row.account_id, region: row.region }, row.name)));
  }

  get(scope: QueueScope, name: string): Queue | undefined {
    return this.byKey.get(keyOf(scope, name));
  }

  getById(id: number): Queue | undefined {
    return this.byId.get(id);
  }

  getByArn(arn: string): Queue | undefined {
    const parsed = parseQueueArn(arn);
    return parsed && this.byKey.get(keyOf(parsed, parsed.name));
  }

  /** Every queue, or those of one account and region, in name order. */
  all(scope?: QueueScope): Queue[] {
    return [...this.byKey.values()]
      .filter((queue) => !scope || (queue.accountId === scope.accountId && queue.region === scope.region))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  create(
    scope: QueueScope,
    name: string,
    attributes: Record<string, string>,
    tags: Record<string, string>,
    now: number,
  ): Queue {
    const { accountId, region } = scope;
    const row = this.insert.get(accountId, region, name, JSON.stringify(attributes), JSON.stringify(tags), now, now);
    return this.remember(new Queue(row as QueueRow, queueArn(scope, name)));
  }

  setAttributes(queue: Queue, attributes: Record<string, string>, now: number): void {
    this.updateAttributes.run(JSON.stringify(attributes), now, queue.id);
    queue.applyAttributes(attributes);
    queue.modifiedAt = now;
  }

  setTags(queue: Queue, tags: Record<string, string>): void {
    this.updateTags.run(JSON.stringify(tags), queue.id);
    queue.tags = tags;
  }

  markPurged(queue: Queue, now: number): void {
    this.updatePurged.run(now, queue.id);
    queue.purgedAt = now;
  }

  delete(queue: Queue): void {
    this.removeAll(queue.id);
    this.byKey.delete(keyOf(queue, queue.name));
    this.byId.delete(queue.id);
  }

  private remember(queue: Queue): Queue {
    this.byKey.set(keyOf(queue, queue.name), queue);
    this.byId.set(queue.id, queue);
    return queue;
  }
}
