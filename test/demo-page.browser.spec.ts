import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { LaunchedStack, launchStack } from './support/launched-stack';
import { startApi, startSelfHostedBackend } from './support/self-hosted-services';
import { FIXTURES, REPO_ROOT, tempDataDir } from './support/test-env';

const SCREENSHOTS = join(REPO_ROOT, 'test-output');

describe('the demo page at /, in a real headless browser against the launched stack', () => {
  const data = tempDataDir('demo-page');
  let stack: LaunchedStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([launchStack(data.dir), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    data.remove();
  });

  it('when a person drops chelsea.png on the page, then the job completes, a cat is listed and its box is drawn over the photo', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    const failedRequests: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failedRequests.push(`${r.status()} ${r.url()}`));
    await page.goto(`${stack.api}/`);
    expect(await page.title()).toBe('Image detection demo');

    await page.setInputFiles('#files', join(FIXTURES, 'chelsea.png'));

    const job = page.locator('article.job');
    await job.locator('.status.COMPLETED').waitFor({ timeout: 60_000 });
    expect(await job.getAttribute('data-job-id')).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => job.locator('.chip.detection[data-label="cat"]').count()).toBe(1);
    expect(await job.locator('.chip.detection[data-label="cat"]').textContent()).toMatch(/^cat \d+%$/);

    // The box is drawn in the photo's own pixels (the SVG's viewBox is the image size) and covers the cat.
    const box = job.locator('svg rect.box[data-label="cat"]');
    expect(await box.count()).toBe(1);
    const [x, y, w, h] = await Promise.all(['x', 'y', 'width', 'height'].map((a) => box.getAttribute(a)));
    expect(Number(w) * Number(h)).toBeGreaterThan(0.5 * 451 * 300);
    expect(Number(x)).toBeLessThan(40);
    expect(Number(y)).toBeLessThan(40);
    const shown = await box.boundingBox();
    expect(shown!.width).toBeGreaterThan(200);
    expect(failedRequests).toEqual([]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-page.png'), fullPage: true });
  });

  it('when an API key is entered, then every API request carries it as x-api-key, and the presigned upload does not', async () => {
    const page = await browser.newPage();
    const sent: Array<{ method: string; path: string; key: string | undefined }> = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname !== '/') sent.push({ method: r.method(), path: url.pathname, key: r.headers()['x-api-key'] });
    });
    await page.goto(`${stack.api}/`);
    await page.fill('#api-key', 'key-123');
    await page.dispatchEvent('#api-key', 'change');
    await page.setInputFiles('#files', join(FIXTURES, 'coffee.png'));
    await page.locator('article.job .status.COMPLETED').waitFor({ timeout: 60_000 });
    const api = sent.filter((r) => /^\/(uploads|process|jobs)/.test(r.path));
    expect(api.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}$/, ':id')}`)).toEqual(
      expect.arrayContaining(['POST /uploads/presign', 'POST /process', 'GET /jobs/:id']),
    );
    expect(api.every((r) => r.key === 'key-123')).toBe(true);
    expect(sent.find((r) => r.path.startsWith('/storage/'))).toMatchObject({ method: 'PUT', key: undefined });
    // Remembered for the next visit.
    await page.reload();
    expect(await page.inputValue('#api-key')).toBe('key-123');
  });

  it('when the upload is refused, then the page says why and marks the job FAILED instead of waiting forever', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.api}/`);
    // A text file dressed as an image: the API refuses the content type, the page shows its message.
    await page.setInputFiles('#files', { name: 'notes.bmp', mimeType: 'image/bmp', buffer: Buffer.from('hello') });
    const job = page.locator('article.job');
    await job.locator('.status.FAILED').waitFor({ timeout: 20_000 });
    expect(await job.locator('.error').textContent()).toMatch(/presign notes\.bmp failed \(400\).*contentType/);
  });
});

describe('the demo page switch', () => {
  it('when DEMO_PAGE=false, then / is not served', async () => {
    const backend = await startSelfHostedBackend('demo-off', { DEMO_PAGE: 'false' });
    const { app, url } = await startApi(backend.config);
    try {
      expect((await fetch(`${url}/`)).status).toBe(404);
    } finally {
      await app.close();
      await backend.close();
    }
  });
});
