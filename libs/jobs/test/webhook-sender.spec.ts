import { afterEach, describe, expect, it } from 'vitest';
import { addressRefusal } from '../src/adapters/http/address-policy';
import { HttpWebhookSender } from '../src/adapters/http/http-webhook-sender';
import {
  signedWebhookHeaders,
  tenantWebhookSecret,
  verifyWebhookSignature,
  webhookSignature,
} from '../src/domain/webhook-signature';
import { startWebhookReceiver } from './support/webhook-receiver';
import { createHmac } from 'node:crypto';

const body = JSON.stringify({ jobId: 'j-1', status: 'COMPLETED' });
const headers = signedWebhookHeaders('secret', body, new Date(1_700_000_000_000));
const local = new HttpWebhookSender({ timeoutMs: 5000, allowPrivate: true, httpsOnly: false });
const guarded = new HttpWebhookSender({ timeoutMs: 5000, allowPrivate: false, httpsOnly: false });

describe('webhook signature', () => {
  it('when a body is signed, then the signature is sha256= and the hex HMAC of "timestamp.body" under the secret', () => {
    const expected = createHmac('sha256', 'secret').update(`1700000000.${body}`).digest('hex');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-timestamp': '1700000000',
      'x-signature': `sha256=${expected}`,
    });
    expect(verifyWebhookSignature('secret', 1_700_000_000, body, headers['x-signature'])).toBe(true);
  });

  it('when the body, the timestamp or the secret differ, then the signature does not verify', () => {
    const signature = webhookSignature('secret', 1, body);
    expect(verifyWebhookSignature('secret', 1, body.replace('j-1', 'j-2'), signature)).toBe(false);
    expect(verifyWebhookSignature('secret', 2, body, signature)).toBe(false);
    expect(verifyWebhookSignature('other', 1, body, signature)).toBe(false);
    expect(verifyWebhookSignature('secret', 1, body, 'sha256=00')).toBe(false);
  });

  it('when secrets are derived per tenant, then each tenant has its own, stable, and the master secret changes them all', () => {
    const a = tenantWebhookSecret('master', 'acme');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(tenantWebhookSecret('master', 'acme')).toBe(a);
    expect(tenantWebhookSecret('master', 'globex')).not.toBe(a);
    expect(tenantWebhookSecret('rotated', 'acme')).not.toBe(a);
  });
});

describe('address policy (SSRF)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['192.168.1.20', 'private'],
    ['172.16.5.4', 'private'],
    ['100.64.0.1', 'carrier-grade NAT (CGNAT)'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'a cloud metadata service'],
    ['fd00:ec2::254', 'a cloud metadata service'],
    ['::ffff:169.254.169.254', 'a cloud metadata service'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
  ])('when the address is %s, then it is refused as %s', (address, why) => {
    expect(addressRefusal(address)).toMatch(new RegExp(`^refused: address .+ is ${why.replace(/[()]/g, '\\$&')}$`));
  });

  it('when the address is 10.0.0.1, then the refusal says so exactly', () => {
    expect(addressRefusal('10.0.0.1')).toBe('refused: address 10.0.0.1 is private');
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:8.8.8.8'])(
    'when the address is public (%s), then it is allowed',
    (address) => {
      expect(addressRefusal(address)).toBeNull();
    },
  );

  it('when private addresses are allowed, then private and loopback pass but cloud metadata addresses are still refused', () => {
    expect(addressRefusal('10.0.0.1', { allowPrivate: true })).toBeNull();
    expect(addressRefusal('::1', { allowPrivate: true })).toBeNull();
    expect(addressRefusal('169.254.169.254', { allowPrivate: true })).toBe(
      'refused: address 169.254.169.254 is a cloud metadata service',
    );
    expect(addressRefusal('::ffff:a9fe:a9fe', { allowPrivate: true })).toMatch(/cloud metadata/);
    expect(addressRefusal('fd00:ec2::254', { allowPrivate: true })).toMatch(/cloud metadata/);
  });

  it('when the address is 64:ff9b::a00:1 (NAT64 of 10.0.0.1), then it is refused too', () => {
    expect(addressRefusal('64:ff9b::a00:1')).toMatch(/^refused: /);
  });
});

describe('HttpWebhookSender with a real receiver', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  afterEach(() => receiver?.close());

  it('when the receiver answers 2xx, then the POST arrives with the body and the signed headers', async () => {
    receiver = await startWebhookReceiver();
    const attempt = await local.send({ url: receiver.url('/hooks/jobs?x=1'), body, headers });
    expect(attempt).toEqual({ delivered: true, status: 204 });
    const [arrived] = receiver.received;
    expect(arrived.path).toBe('/hooks/jobs?x=1');
    expect(arrived.body).toBe(body);
    expect(arrived.headers).toMatchObject(headers);
    expect(
      verifyWebhookSignature(
        'secret',
        Number(arrived.headers['x-timestamp']),
        arrived.body,
        String(arrived.headers['x-signature']),
      ),
    ).toBe(true);
  });

  it('when the receiver answers 503, then the attempt failed with "HTTP 503"', async () => {
    receiver = await startWebhookReceiver((_r, response) => response.writeHead(503).end('busy'));
    expect(await local.send({ url: receiver.url(), body, headers })).toEqual({ delivered: false, error: 'HTTP 503' });
  });

  it('when the receiver answers with a redirect, then it is not followed and the attempt failed', async () => {
    receiver = await startWebhookReceiver((request, response) =>
      request.path === '/hook'
        ? response.writeHead(302, { location: '/elsewhere' }).end()
        : response.writeHead(200).end(),
    );
    const attempt = await local.send({ url: receiver.url(), body, headers });
    expect(attempt).toEqual({ delivered: false, error: 'HTTP 302 (redirects are not followed)' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
  });

  it('when the receiver never answers, then the attempt ends at the timeout', async () => {
    receiver = await startWebhookReceiver(() => undefined);
    const quick = new HttpWebhookSender({ timeoutMs: 300, allowPrivate: true, httpsOnly: false });
    const started = Date.now();
    expect(await quick.send({ url: receiver.url(), body, headers })).toEqual({
      delivered: false,
      error: 'timeout after 0.3 s',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when nothing listens, then the attempt failed with connection refused', async () => {
    receiver = await startWebhookReceiver();
    const url = receiver.url();
    await receiver.close();
    receiver = undefined;
    expect(await local.send({ url, body, headers })).toEqual({
      delivered: false,
      error: 'connection refused (ECONNREFUSED)',
    });
  });

  it.each([
    ['http://127.0.0.1:PORT/hook', 'refused: address 127.0.0.1 is loopback'],
    ['http://[::1]:PORT/hook', 'refused: address ::1 is loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'refused: address 169.254.169.254 is a cloud metadata service'],
    [
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'refused: address 169.254.169.254 is a cloud metadata service',
    ],
    ['http://localhost:PORT/hook', /^refused: address (127\.0\.0\.1|::1) is loopback$/],
  ])('when private addresses are not allowed and the URL is %s, then nothing is sent', async (template, refusal) => {
    receiver = await startWebhookReceiver();
    const attempt = await guarded.send({ url: template.replace('PORT', String(receiver.port)), body, headers });
    expect(attempt.delivered).toBe(false);
    expect(attempt).toEqual({ delivered: false, error: expect.stringMatching(refusal) });
    expect(receiver.received).toHaveLength(0);
  });

  it('when https only is asked, then an http:// URL is refused without a connection', async () => {
    receiver = await startWebhookReceiver();
    const awsMode = new HttpWebhookSender({ timeoutMs: 5000, allowPrivate: true, httpsOnly: true });
    expect(await awsMode.send({ url: receiver.url(), body, headers })).toEqual({
      delivered: false,
      error: 'refused: http:// callback URLs are not allowed here (https only)',
    });
    expect(receiver.received).toHaveLength(0);
  });
});
