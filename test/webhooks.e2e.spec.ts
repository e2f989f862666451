import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@app/jobs';
import { startWebhookReceiver } from '../libs/jobs/test/support/webhook-receiver';
import { LaunchedStack, launchStack } from './support/launched-stack';
import { uploadFixture } from './support/upload-fixture';
import { runNode } from './support/run-node';
import { eventually, readJson, REPO_ROOT, tempDataDir } from './support/test-env';

/**
 * A webhook through the built self-hosted service, started as `npm start` does (queue server, worker and API as
 * child processes), delivered to a real receiver on 127.0.0.1 (hence WEBHOOK_ALLOW_PRIVATE=true here).
 */
describe('webhooks through the launched self-hosted stack', () => {
  const data = tempDataDir('stack-webhooks');
  let stack: LaunchedStack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver((_r, response, index) => response.writeHead(index === 0 ? 503 : 200).end());
    stack = await launchStack(data.dir, undefined, {
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_BACKOFF_BASE_SECONDS: '1',
      WEBHOOK_BACKOFF_MAX_SECONDS: '1',
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
    data.remove();
  });

  it('when a job with a callbackUrl completes and the receiver first answers 503, then the retry delivers the signed GET document and the job says so', async () => {
    const imageUrl = await uploadFixture(stack.api, 'chelsea.png');
    const submitted = await fetch(`${stack.api}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imageUrls: [imageUrl], callbackUrl: receiver.url('/hook') }),
    });
    expect(submitted.status).toBe(202);
    const { jobId } = await readJson(submitted);

    const [first, second] = await receiver.until(2, 90_000);
    const document = JSON.parse(second.body);
    expect(document).toMatchObject({
      jobId,
      status: 'COMPLETED',
      webhook: { status: 'delivering', attempts: 1, lastError: 'HTTP 503' },
    });
    expect(document.detections[0].detections[0]).toMatchObject({ label: 'cat' });

    // The secret, as the tenant gets it: from the API, and from the CLI on the same DATA_DIR.
    const { secret } = await readJson(await fetch(`${stack.api}/webhooks/secret`));
    const cli = await runNode(
      join(REPO_ROOT, 'dist/apps/api-key/src/main.js'),
      ['webhook-secret', '--tenant', 'default'],
      {
        DATA_DIR: data.dir,
      },
    );
    expect(cli.stdout.trim()).toBe(secret);
    expect(statSync(join(data.dir, 'webhook-secret')).mode & 0o777).toBe(0o600);
    for (const arrived of [first, second]) {
      const timestamp = Number(arrived.headers['x-timestamp']);
      expect(verifyWebhookSignature(secret, timestamp, arrived.body, String(arrived.headers['x-signature']))).toBe(
        true,
      );
    }

    const job = await eventually(async () => {
      const body = await readJson(await fetch(`${stack.api}/jobs/${jobId}`));
      return body.webhook?.status === 'delivered' ? body : undefined;
    }, 20_000);
    expect(job.webhook).toEqual({
      status: 'delivered',
      attempts: 2,
      lastError: 'HTTP 503',
      deliveredAt: expect.any(String),
    });
  });
});
