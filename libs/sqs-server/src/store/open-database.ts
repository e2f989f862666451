import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA } from './schema';

export type SqliteDatabase = Database.Database;
export type SyncMode = 'normal' | 'full';

/**
 * WAL with synchronous=NORMAL: a committed transaction is in the OS page cache before we answer, so it survives
 * the process being killed (kill -9); only an OS crash or power loss may lose the last commits. `full` also fsyncs.
 */
export function openDatabase(dataDir: string, sync: SyncMode = 'normal'): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'queue.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  // A bounded page cache keeps memory flat however many messages are queued.
  db.pragma('cache_size = -16000');
  db.pragma('temp_store = MEMORY');
  db.exec(SCHEMA);
  return db;
}
