/** The queues table; also what migrateQueueScope copies an older one into, so both have one definition. */
export function queuesTable(name: string): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  attributes TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  modified_at INTEGER NOT NULL,
  purged_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, region, name)
)`;
}

export const SCHEMA = `
${queuesTable('queues')};

CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY,
  queue_id INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  body TEXT NOT NULL,
  md5_body TEXT NOT NULL,
  attributes TEXT,
  md5_attributes TEXT,
  system_attributes TEXT,
  md5_system_attributes TEXT,
  sender_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  receive_count INTEGER NOT NULL DEFAULT 0,
  first_received_at INTEGER,
  receipt TEXT,
  group_id TEXT,
  dedup_id TEXT,
  sequence_number TEXT,
  dlq_source TEXT
);
CREATE INDEX IF NOT EXISTS messages_by_visibility ON messages (queue_id, visible_at);
CREATE INDEX IF NOT EXISTS messages_by_age ON messages (queue_id, sent_at);
CREATE TABLE IF NOT EXISTS fifo_dedup (
  queue_id INTEGER NOT NULL,
  dedup_key TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sequence_number TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (queue_id, dedup_key)
);
`;
