import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { migrateQueueScope } from './migrate-queues';
import { SCHEMA } from './schema';

export type SqliteDatabase = Database.Database;
export type SyncMode = 'normal' | 'full';

/**
 * WAL with synchronous=NORMAL: a committed transaction is in the OS page cache before we answer, so it survives
 * the process being killed (kill -9); only an OS crash or power loss may lose the last commits. `full` also fsyncs.
 */
export function openDatabase(
  dataDir: string,
  sync: SyncMode = 'normal',
  scope: { accountId: string; region: string } = { accountId: '000000000000', region: 'us-east-1' },
): SqliteDatabase {
  // Private: the folder 0700, the database 0600 (SQLite gives its -wal and -shm files the database file's mode).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'queue.sqlite');
  closeSync(openSync(file, 'a', 0o600));
  const db = new Database(file);
  // One server per data directory: its in-memory queue cache and long-poll wake-ups are not shared between
  // processes. The exclusive lock is the operating system's, so it also goes away with a killed process.
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('busy_timeout = 1000');
  try {
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    migrateQueueScope(db, scope);
  } catch (error) {
    db.close();
    if (error?.code === 'SQLITE_BUSY') throw new Error(`${file} is in use by another queue server`, { cause: error });
    throw error;
  }
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  // A bounded page cache keeps memory flat however many messages are queued.
  db.pragma('cache_size = -16000');
  db.pragma('temp_store = MEMORY');
  return db;
}
