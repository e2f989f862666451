/**
 * The floor of bench:api: bare Fastify and one synchronous better-sqlite3 insert per request (WAL; synchronous =
 * NORMAL, so the floor measures CPU, not the disk: with FULL every insert waits for an fsync, and the floor falls to
 * what the disk allows, ~1,500 a second here), in its own process. FLOOR_SYNC=FULL gives the job store's setting.
 * Run by bench/api/run.ts: node floor.js <port> <sqlite file>
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';

async function main(): Promise<void> {
  const [port, file] = process.argv.slice(2);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${process.env.FLOOR_SYNC ?? 'NORMAL'}`);
  db.exec('CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO jobs (job_id, body, created_at) VALUES (?, ?, ?)');
  const app = Fastify();
  app.post('/process', async (request, reply) => {
    const jobId = randomUUID();
    insert.run(jobId, JSON.stringify(request.body), new Date().toISOString());
    reply.status(202);
    return { jobId };
  });
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.send?.('listening');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
