import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchedStack, launchStack } from './support/launched-stack';
import { uploadFixture } from './support/upload-fixture';
import { eventually, readJson, tempDataDir } from './support/test-env';

type Box = [number, number, number, number];

/** Hand-labelled boxes of each photo's subject (pixels), to check that a detection covers it. */
const SUBJECTS: Array<{ file: string; label: string; box: Box }> = [
  { file: 'astronaut.png', label: 'person', box: [20, 15, 365, 512] },
  { file: 'chelsea.png', label: 'cat', box: [0, 0, 400, 300] },
  { file: 'coffee.png', label: 'cup', box: [172, 18, 410, 300] },
];

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (box: Box) => (box[2] - box[0]) * (box[3] - box[1]);
  return (w * h) / (area(a) + area(b) - w * h);
}

describe('the self-hosted stack, started as npm start does', () => {
  const data = tempDataDir('stack');
  let stack: LaunchedStack & { ports: { api: number; queue: number; worker: number } };
  let imageUrls: string[];
  let jobId: string;

  beforeAll(async () => {
    // info: the request id test reads the API's and the worker's ordinary log lines.
    stack = await launchStack(data.dir, undefined, { LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await stack?.stop();
    data.remove();
  });

  it('when three photos are uploaded through presigned URLs and one job is submitted, then it completes with a person, a cat and a cup', async () => {
    imageUrls = [];
    for (const { file } of SUBJECTS) imageUrls.push(await uploadFixture(stack.api, file));

    const submitted = await fetch(`${stack.api}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-trace-0001' },
      body: JSON.stringify({ imageUrls, userId: 'user123', metadata: { source: 'e2e' } }),
    });
    expect(submitted.status).toBe(202);
    expect(submitted.headers.get('x-request-id')).toBe('e2e-trace-0001');
    const accepted = await readJson(submitted);
    expect(accepted).toMatchObject({
      success: true,
      status: 'PENDING',
      imageCount: 3,
      message: 'Job created for 3 image(s)',
    });
    jobId = accepted.jobId;

    const job = await eventually(
      async () => {
        const body = await readJson(await fetch(`${stack.api}/jobs/${jobId}`));
        return body.status === 'COMPLETED' || body.status === 'FAILED' ? body : undefined;
      },
      90_000,
      250,
    );

    expect(job.status).toBe('COMPLETED');
    expect(job.detections).toHaveLength(3);
    SUBJECTS.forEach(({ label, box }, index) => {
      const image = job.detections[index];
      expect(image).toMatchObject({
        imageUrl: imageUrls[index],
        imageIndex: index,
        detectionCount: image.detections.length,
      });
      const best = image.detections
        .filter((d: { label: string }) => d.label === label)
        .sort((a: { confidence: number }, b: { confidence: number }) => b.confidence - a.confidence)[0];
      expect(best, `${label} in ${SUBJECTS[index].file}`).toBeDefined();
      expect(best.confidence).toBeGreaterThanOrEqual(0.5);
      expect(iou(best.bbox, box), `${label} box ${best.bbox} vs subject ${box}`).toBeGreaterThanOrEqual(0.5);
    });

    // The request id the client sent is in the API's lines for that request and in the worker's lines for the job.
    const parsedLines = () =>
      stack
        .output()
        .split('\n')
        .flatMap((line) => {
          try {
            return [JSON.parse(line)];
          } catch {
            return []; // the launcher's own banner
          }
        });
    // The worker deletes the message, and logs so, just after the job reads COMPLETED: wait for that line.
    const lines = await eventually(
      async () =>
        parsedLines().some((line) => line.jobId === jobId && line.msg === 'message handled')
          ? parsedLines()
          : undefined,
      10_000,
      100,
    );
    const ofRequest = lines.filter((line) => line.req?.id === 'e2e-trace-0001');
    expect(ofRequest.length).toBeGreaterThan(0);
    expect(ofRequest.every((line) => line.requestId === 'e2e-trace-0001')).toBe(true);
    const ofWorker = lines.filter((line) => line.jobId === jobId);
    expect(ofWorker.map((line) => line.msg)).toEqual(expect.arrayContaining(['job finished', 'message handled']));
    expect(ofWorker.every((line) => line.requestId === 'e2e-trace-0001')).toBe(true);
  });

  it('when the stack is stopped and started again on the same data, then the job and the uploads are still there', async () => {
    expect(await stack.stop()).toBe(0);
    stack = await launchStack(data.dir, stack.ports);

    const job = await readJson(await fetch(`${stack.api}/jobs/${jobId}`));
    expect(job.status).toBe('COMPLETED');
    expect(job.detections).toHaveLength(3);
    const again = await fetch(`${stack.api}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imageUrls }),
    });
    expect(again.status).toBe(202);
  });
});
