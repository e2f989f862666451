import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { LaunchedStack, launchStack } from './support/launched-stack';
import { runNode } from './support/run-node';
import { FIXTURES, REPO_ROOT, tempDataDir } from './support/test-env';

const CLI = join(REPO_ROOT, 'dist/apps/cli/src/main.js');
const API_KEY_COMMAND = join(REPO_ROOT, 'dist/apps/api-key/src/main.js');

describe('the CLI and the demo page, when the launched stack requires API keys', () => {
  const data = tempDataDir('keyed');
  let stack: LaunchedStack;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    const created = await runNode(API_KEY_COMMAND, ['create', '--tenant', 'acme'], { DATA_DIR: data.dir });
    expect(created.code).toBe(0);
    key = created.stdout.trimEnd().split('\n').pop()!;
    [stack, browser] = await Promise.all([launchStack(data.dir), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    data.remove();
  });

  it('when the CLI has no key, then detect stops at the first request with the 401 message and exits 1', async () => {
    const run = await runNode(CLI, ['detect', join(FIXTURES, 'chelsea.png'), '--server', stack.api]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/image-detect: presign chelsea\.png failed: 401 This API needs an API key/);
  });

  it('when the CLI has the key (IMAGE_DETECT_API_KEY), then detect finds the cat and jobs lists the job', async () => {
    const env = { IMAGE_DETECT_API_KEY: key };
    const run = await runNode(CLI, ['detect', join(FIXTURES, 'chelsea.png'), '--server', stack.api], env);
    expect(run.stderr).not.toMatch(/image-detect:/);
    expect(run.code).toBe(0);
    const jobId = /^job ([0-9a-f-]{36}): COMPLETED$/m.exec(run.stdout)![1];
    expect(run.stdout).toMatch(/^chelsea\.png\s+cat\s/m);
    const jobs = await runNode(CLI, ['jobs', '--server', stack.api, '--api-key', key]);
    expect(jobs.stdout).toMatch(new RegExp(`^${jobId}\\s+COMPLETED\\s+1\\s+1\\s`, 'm'));
  });

  it('when the page is used without the key, then it loads but says the API needs one; with the key, the cat is boxed', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.api}/`);
    await page.setInputFiles('#files', join(FIXTURES, 'chelsea.png'));
    const refused = page.locator('article.job').first();
    await refused.locator('.status.FAILED').waitFor({ timeout: 20_000 });
    expect(await refused.locator('.error').textContent()).toMatch(/\(401\): This API needs an API key/);

    await page.fill('#api-key', key);
    await page.setInputFiles('#files', join(FIXTURES, 'chelsea.png'));
    const done = page.locator('article.job').first();
    await done.locator('.status.COMPLETED').waitFor({ timeout: 60_000 });
    expect(await done.locator('svg rect.box[data-label="cat"]').count()).toBe(1);
  });
});
