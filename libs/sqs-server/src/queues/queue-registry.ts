import type { SqliteDatabase } from '../store/open-database';
import { Queue, type QueueRow } from './queue';

/** All queues, cached in memory (there are few) and written through to SQLite. */
export class QueueRegistry {
  private readonly byName = new Map<string, Queue>();
  private readonly byId = new Map<number, Queue>();
  private readonly insert;
  private readonly updateAttributes;
  private readonly updateTags;
  private readonly updatePurged;
  private readonly remove;
  private readonly removeMessages;
  private readonly removeDedup;
  private readonly removeAll;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly arnOf: (name: string) => string,
  ) {
    this.insert = db.prepare(
      'INSERT INTO queues (name, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
    );
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
      this.remember(new Queue(row, arnOf(row.name)));
  }

  arnFor(name: string): string {
    return this.arnOf(name);
  }

  get(name: string): Queue | undefined {
    return this.byName.get(name);
  }

  getById(id: number): Queue | undefined {
    return this.byId.get(id);
  }

  getByArn(arn: string): Queue | undefined {
    const name = arn.split(':').pop() ?? '';
    const queue = this.byName.get(name);
    return queue && queue.arn === arn ? queue : undefined;
  }

  all(): Queue[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  create(name: string, attributes: Record<string, string>, tags: Record<string, string>, now: number): Queue {
    const row = this.insert.get(name, JSON.stringify(attributes), JSON.stringify(tags), now, now) as QueueRow;
    return this.remember(new Queue(row, this.arnOf(name)));
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
    this.byName.delete(queue.name);
    this.byId.delete(queue.id);
  }

  private remember(queue: Queue): Queue {
    this.byName.set(queue.name, queue);
    this.byId.set(queue.id, queue);
    return queue;
  }
}
