import type { SqliteDatabase } from '../store/open-database';
import type { MessageRow, NewMessage } from './message-row';

/** Prepared statements over the messages table; every method is one short synchronous SQLite call. */
export class MessageStore {
  private readonly insertStatement;
  private readonly visibleStatement;
  private readonly visibleFifoStatement;
  private readonly markReceivedStatement;
  private readonly moveStatement;
  private readonly findStatement;
  private readonly deleteStatement;
  private readonly visibilityStatement;
  private readonly nextVisibleStatement;
  private readonly countVisibleStatement;
  private readonly countInvisibleStatement;
  private readonly purgeStatement;
  private readonly expireStatement;
  private readonly removeStatement;
  private readonly findDedupStatement;
  private readonly rememberDedupStatement;
  private readonly expireDedupStatement;

  constructor(readonly db: SqliteDatabase) {
    this.insertStatement =
      db.prepare(`INSERT INTO messages (queue_id, message_id, body, md5_body, attributes, md5_attributes,
      system_attributes, md5_system_attributes, sender_id, sent_at, visible_at, group_id, dedup_id, sequence_number)
      VALUES (@queue_id, @message_id, @body, @md5_body, @attributes, @md5_attributes, @system_attributes,
      @md5_system_attributes, @sender_id, @sent_at, @visible_at, @group_id, @dedup_id, @sequence_number)`);
    this.visibleStatement = db.prepare(
      'SELECT * FROM messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at LIMIT ?',
    );
    // FIFO: oldest first, skipping every group that has a message in flight (the group is held until it is done).
    this.visibleFifoStatement = db.prepare(`SELECT * FROM messages WHERE queue_id = @queue AND visible_at <= @now
      AND coalesce(group_id, '') NOT IN (SELECT coalesce(group_id, '') FROM messages
        WHERE queue_id = @queue AND visible_at > @now AND receipt IS NOT NULL)
      ORDER BY id LIMIT @limit`);
    this.markReceivedStatement = db.prepare(`UPDATE messages SET visible_at = ?, receipt = ?,
      receive_count = receive_count + 1, first_received_at = coalesce(first_received_at, ?) WHERE id = ?`);
    this.moveStatement = db.prepare(
      'UPDATE messages SET queue_id = ?, visible_at = ?, receipt = NULL, dlq_source = ? WHERE id = ?',
    );
    this.findStatement = db.prepare('SELECT receipt, visible_at FROM messages WHERE id = ? AND queue_id = ?');
    this.deleteStatement = db.prepare('DELETE FROM messages WHERE id = ? AND queue_id = ? AND receipt = ?');
    this.visibilityStatement = db.prepare('UPDATE messages SET visible_at = ? WHERE id = ?');
    this.nextVisibleStatement = db.prepare(
      'SELECT min(visible_at) AS at FROM messages WHERE queue_id = ? AND visible_at > ?',
    );
    this.countVisibleStatement = db.prepare(
      'SELECT count(*) AS n FROM messages WHERE queue_id = ? AND visible_at <= ?',
    );
    this.countInvisibleStatement = db.prepare(`SELECT count(*) AS total, count(receipt) AS inflight
      FROM messages WHERE queue_id = ? AND visible_at > ?`);
    this.purgeStatement = db.prepare('DELETE FROM messages WHERE queue_id = ?');
    this.expireStatement = db.prepare(`DELETE FROM messages WHERE id IN
      (SELECT id FROM messages WHERE queue_id = ? AND sent_at < ? LIMIT 10000)`);
    this.removeStatement = db.prepare('DELETE FROM messages WHERE id = ?');
    this.findDedupStatement = db.prepare(
      'SELECT message_id, sequence_number FROM fifo_dedup WHERE queue_id = ? AND dedup_key = ? AND expires_at > ?',
    );
    this.rememberDedupStatement = db.prepare(`INSERT OR REPLACE INTO fifo_dedup
      (queue_id, dedup_key, message_id, sequence_number, expires_at) VALUES (?, ?, ?, ?, ?)`);
    this.expireDedupStatement = db.prepare('DELETE FROM fifo_dedup WHERE expires_at <= ?');
  }

  insert(message: NewMessage): void {
    this.insertStatement.run(message);
  }

  visible(queueId: number, now: number, limit: number, fifo: boolean): MessageRow[] {
    const rows = fifo
      ? this.visibleFifoStatement.all({ queue: queueId, now, limit })
      : this.visibleStatement.all(queueId, now, limit);
    return rows as MessageRow[];
  }

  markReceived(id: number, visibleAt: number, receipt: string, now: number): void {
    this.markReceivedStatement.run(visibleAt, receipt, now, id);
  }

  moveTo(id: number, queueId: number, visibleAt: number, sourceArn: string): void {
    this.moveStatement.run(queueId, visibleAt, sourceArn, id);
  }

  find(id: number, queueId: number): { receipt: string | null; visible_at: number } | undefined {
    return this.findStatement.get(id, queueId) as { receipt: string | null; visible_at: number } | undefined;
  }

  /** Deletes only when the receipt is the latest one; a stale receipt is a no-op, as SQS documents. */
  delete(id: number, queueId: number, receipt: string): boolean {
    return this.deleteStatement.run(id, queueId, receipt).changes > 0;
  }

  setVisibleAt(id: number, visibleAt: number): void {
    this.visibilityStatement.run(visibleAt, id);
  }

  nextVisibleAt(queueId: number, now: number): number | undefined {
    return (this.nextVisibleStatement.get(queueId, now) as { at: number | null }).at ?? undefined;
  }

  counts(queueId: number, now: number): { visible: number; inflight: number; delayed: number } {
    const visible = (this.countVisibleStatement.get(queueId, now) as { n: number }).n;
    const { total, inflight } = this.countInvisibleStatement.get(queueId, now) as { total: number; inflight: number };
    return { visible, inflight, delayed: total - inflight };
  }

  purge(queueId: number): void {
    this.purgeStatement.run(queueId);
  }

  /** Deletes up to 10,000 messages older than the cutoff; returns how many went, so callers can loop. */
  expire(queueId: number, sentBefore: number): number {
    return this.expireStatement.run(queueId, sentBefore).changes;
  }

  findDuplicate(
    queueId: number,
    dedupKey: string,
    now: number,
  ): { message_id: string; sequence_number: string } | undefined {
    return this.findDedupStatement.get(queueId, dedupKey, now) as
      { message_id: string; sequence_number: string } | undefined;
  }

  rememberDedup(queueId: number, dedupKey: string, messageId: string, sequenceNumber: string, expiresAt: number): void {
    this.rememberDedupStatement.run(queueId, dedupKey, messageId, sequenceNumber, expiresAt);
  }

  expireDedup(now: number): void {
    this.expireDedupStatement.run(now);
  }

  remove(id: number): void {
    this.removeStatement.run(id);
  }
}
