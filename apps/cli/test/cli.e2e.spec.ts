import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchedStack, launchStack } from '../../../test/support/launched-stack';
import { NodeRun, runNode } from '../../../test/support/run-node';
import { FIXTURES, REPO_ROOT, tempDataDir } from '../../../test/support/test-env';

const CLI = join(REPO_ROOT, 'dist/apps/cli/src/main.js');

/** The built CLI, as a user runs it (no TTY: plain progress lines). */
const cli = (args: string[], env: Record<string, string> = {}): Promise<NodeRun> => runNode(CLI, args, env);

describe('the image-detect CLI (built), against the launched self-hosted stack', () => {
  const data = tempDataDir('cli');
  let stack: LaunchedStack;
  let server: string[];
  let jobId: string;

  beforeAll(async () => {
    stack = await launchStack(data.dir);
    server = ['--server', stack.api];
  });

  afterAll(async () => {
    await stack?.stop();
    data.remove();
  });

  it('when detect is given the three fixture photos, then it prints one table with a person, a cat and a cup, and exits 0', async () => {
    const run = await cli([
      'detect',
      join(FIXTURES, 'astronaut.png'),
      join(FIXTURES, 'chelsea.png'),
      join(FIXTURES, 'coffee.png'),
      ...server,
    ]);
    expect(run.stderr).not.toMatch(/image-detect:/);
    expect(run.code).toBe(0);
    jobId = /^job ([0-9a-f-]{36}): COMPLETED$/m.exec(run.stdout)![1];
    const rows = run.stdout.split('\n').filter((line) => /^\S+\.png\s/.test(line));
    expect(rows.find((r) => r.startsWith('astronaut.png') && /\bperson\b/.test(r))).toBeDefined();
    expect(rows.find((r) => r.startsWith('chelsea.png') && /\bcat\b/.test(r))).toMatch(
      /0\.\d{3}\s+\[\d+, \d+, \d+, \d+\]$/,
    );
    expect(rows.find((r) => r.startsWith('coffee.png') && /\bcup\b/.test(r))).toBeDefined();
    // Not a terminal: progress comes as plain lines on stderr, each step once, no carriage returns.
    expect(run.stderr).toContain('uploading chelsea.png (2/3)');
    expect(run.stderr).toContain(`job ${jobId} COMPLETED`);
    expect(run.stderr).not.toContain('\r');
  });

  it('when jobs is run for the same user, then the finished job is listed with its status and counts', async () => {
    const run = await cli(['jobs', ...server]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${jobId}\\s+COMPLETED\\s+3\\s+\\d+\\s+20\\d\\d-`, 'm'));
  });

  it('when wait is given a finished job, then it prints the same detections and exits 0', async () => {
    const run = await cli(['wait', jobId, ...server]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`job ${jobId}: COMPLETED`);
    expect(run.stdout).toMatch(/\bcat\b/);
  });

  it('when wait is given an unknown job id, then it exits 1 saying the server answered 404', async () => {
    const run = await cli(['wait', '00000000-0000-4000-8000-000000000000', ...server]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/image-detect: GET \/jobs\/00000000-0000-4000-8000-000000000000 failed: 404 /);
  });

  it('when the only photo is not an image at all, then the job FAILED and the CLI exits 1', async () => {
    const fake = join(data.dir, 'not-a-photo.png');
    writeFileSync(fake, 'this is text, not a PNG');
    const run = await cli(['detect', fake, ...server]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/: FAILED/);
    expect(run.stdout).toMatch(/not-a-photo\.png\s+error/);
  });

  it('when --model names a model of the server, then the job runs with it and the result names it', async () => {
    const run = await cli(['detect', join(FIXTURES, 'chelsea.png'), '--model', 'yolox-nano', ...server]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('model yolox-nano@1, min confidence 0.5');
    expect(run.stdout).toMatch(/^chelsea\.png\s+cat\s+0\.\d{3}/m);
  });

  it('when --tiling is given, then the job asks for tiled inference and the output says so', async () => {
    const run = await cli(['detect', join(FIXTURES, 'chelsea.png'), '--tiling', ...server]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('model ssdlite@1, min confidence 0.5, tiled');
    expect(run.stdout).toMatch(/^chelsea\.png\s+cat\s+0\.\d{3}/m);
  });

  it('when --model names a model the server lacks, then it stops before uploading and lists those it has', async () => {
    const run = await cli(['detect', join(FIXTURES, 'chelsea.png'), '--model', 'yolov8n', ...server]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--model yolov8n: this server has no such model (it has: picodet-s-320');
    expect(run.stderr).not.toContain('uploading');
  });

  it('when --annotate names a file, then each done photo is saved there with its boxes drawn, as a JPEG of its size', async () => {
    const out = join(data.dir, 'out.jpg');
    const one = await cli(['detect', join(FIXTURES, 'chelsea.png'), '--annotate', out, ...server]);
    expect(one.code).toBe(0);
    expect(one.stderr).toContain(`wrote ${out}`);
    expect(await sharp(readFileSync(out)).metadata()).toMatchObject({ format: 'jpeg', width: 451, height: 300 });
    // Several photos: one file each, numbered by the photo's index in the job.
    const two = await cli([
      'detect',
      join(FIXTURES, 'chelsea.png'),
      join(FIXTURES, 'coffee.png'),
      '--annotate',
      out,
      ...server,
    ]);
    expect(two.code).toBe(0);
    expect(await sharp(readFileSync(join(data.dir, 'out-1.jpg'))).metadata()).toMatchObject({
      width: 600,
      height: 400,
    });
  });

  it('when --format coco or csv is given, then the detections are printed in that format instead of the table', async () => {
    const coco = await cli(['detect', join(FIXTURES, 'chelsea.png'), '--format', 'coco', ...server]);
    expect(coco.code).toBe(0);
    expect(JSON.parse(coco.stdout)).toContainEqual(expect.objectContaining({ image_id: 0, category_id: 17 }));
    const csv = await cli(['detect', join(FIXTURES, 'chelsea.png'), '--format', 'csv', ...server]);
    expect(csv.code).toBe(0);
    const [header, first] = csv.stdout.split('\r\n');
    expect(header).toBe(
      'job_id,image_index,image_key,label,class_id,confidence,x,y,w,h,x1_norm,y1_norm,x2_norm,y2_norm',
    );
    expect(first).toMatch(/^[0-9a-f-]{36},0,uploads\/.*chelsea\.png,cat,17,/);
    const bad = await cli(['detect', join(FIXTURES, 'chelsea.png'), '--format', 'xml', ...server]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format <format>' argument 'xml' is invalid/);
  });

  it('when a file is not an image type, then it names the file and exits non-zero without calling the server', async () => {
    const run = await cli(['detect', join(REPO_ROOT, 'README.md'), '--server', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/README\.md: not an image type the server accepts/);
  });
});

describe('the image-detect CLI and API keys', () => {
  it('when IMAGE_DETECT_API_KEY (or --api-key) is set, then every request carries it as x-api-key', async () => {
    // A recording HTTP server: the only way to see the header before the API checks keys itself.
    const seen: IncomingHttpHeaders[] = [];
    const recorder = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [] }));
    });
    await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
    try {
      const fromEnv = await cli(['jobs', '--server', url], { IMAGE_DETECT_API_KEY: 'key-from-env' });
      const fromFlag = await cli(['jobs', '--server', url, '--api-key', 'key-from-flag']);
      expect([fromEnv.code, fromFlag.code]).toEqual([0, 0]);
      expect(seen.map((h) => h['x-api-key'])).toEqual(['key-from-env', 'key-from-flag']);
    } finally {
      recorder.close();
    }
  });
});
