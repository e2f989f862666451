import type { SqliteDatabase } from './open-database';
import { queuesTable } from './schema';

/**
 * Databases written before queues lived per account and region have `queues.name UNIQUE` and no scope columns.
 * Their queues belong to the server's own account and region, so their URLs and ARNs stay what they were.
 * SQLite cannot drop a UNIQUE constraint in place, hence the copy; message rows keep their queue ids.
 */
export function migrateQueueScope(db: SqliteDatabase, scope: { accountId: string; region: string }): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('queues')").all() as { name: string }[];
  if (columns.length === 0 || columns.some((column) => column.name === 'region')) return;
  db.transaction(() => {
    db.exec(queuesTable('queues_scoped'));
    db.prepare(
      `INSERT INTO queues_scoped (id, account_id, region, name, attributes, tags, created_at, modified_at, purged_at)
       SELECT id, ?, ?, name, attributes, tags, created_at, modified_at, purged_at FROM queues`,
    ).run(scope.accountId, scope.region);
    db.exec('DROP TABLE queues; ALTER TABLE queues_scoped RENAME TO queues;');
  })();
}
