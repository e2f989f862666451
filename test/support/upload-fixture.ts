import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, readJson } from './test-env';

/** Uploads one fixture photo to a running API as a client does (presign, then PUT); returns its s3:// URL. */
export async function uploadFixture(api: string, fixture: string): Promise<string> {
  const ticket = await readJson(
    await fetch(`${api}/uploads/presign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filename: fixture, contentType: 'image/png' }),
    }),
  );
  const put = await fetch(ticket.url, {
    method: 'PUT',
    headers: ticket.headers,
    body: readFileSync(join(FIXTURES, fixture)),
  });
  if (put.status !== 200) throw new Error(`upload of ${fixture} answered ${put.status}`);
  return `s3://${ticket.bucket}/${ticket.key}`;
}
