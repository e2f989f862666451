import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourOfClass } from '../../../libs/detection/src/annotate';
import { SharpImageAnnotator } from '../../../libs/jobs/src/adapters/sharp';
import { recordResults } from '../../../test/support/recorded-results';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { FIXTURES, readJson } from '../../../test/support/test-env';

const BUCKET = 'image-processing-uploads';
const CAR_BOX: [number, number, number, number] = [60, 50, 260, 220];

const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const near = (a: number[], b: number[], tolerance: number) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

/** The RGB of one pixel of an image (any format sharp reads), EXIF orientation applied. */
async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at], data[at + 1], data[at + 2]];
}

describe('job results users can use: exports and annotated images (self-hosted API, real storage and SQLite)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let app: NestFastifyApplication;
  let api: string;
  const chelsea = readFileSync(join(FIXTURES, 'chelsea.png'));
  let doneJob: string;
  let imageKey: string;

  const upload = async (filename: string, bytes: Buffer, contentType = 'image/png') => {
    const ticket = await readJson(
      await fetch(`${api}/uploads/presign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filename, contentType }),
      }),
    );
    expect((await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: bytes })).status).toBe(200);
    return `s3://${ticket.bucket}/${ticket.key}`;
  };
  const submit = async (imageUrls: string[]) =>
    (
      await readJson(
        await fetch(`${api}/process`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ imageUrls, userId: 'results' }),
        }),
      )
    ).jobId as string;

  beforeAll(async () => {
    backend = await startSelfHostedBackend('job-results', {
      UPLOAD_SECRET: 'results-secret-results-secret-results-secret',
      MAX_IMAGES_PER_JOB: 3,
    });
    ({ app, url: api } = await startApi(backend.config, { annotator: new SharpImageAnnotator() }));
    const first = await upload('chelsea.png', chelsea);
    imageKey = first.slice(`s3://${BUCKET}/`.length);
    doneJob = await submit([first, await upload('second.png', chelsea)]);
    await recordResults(backend.dataDir, doneJob, [
      {
        width: 451,
        height: 300,
        detections: [
          { label: 'car', classId: 3, confidence: 0.91, bbox: CAR_BOX },
          { label: '=HYPERLINK("http://evil","x")', classId: 1, confidence: 0.4, bbox: [300, 10, 440, 90] },
        ],
      },
      { error: 'image could not be decoded: truncated' },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  describe('GET /jobs/{jobId}?format=…', () => {
    it('when format=coco, then a COCO results array: image ids are image indexes, boxes [x, y, w, h], the image URL beside', async () => {
      const response = await fetch(`${api}/jobs/${doneJob}?format=coco`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual([
        { image_id: 0, category_id: 3, bbox: [60, 50, 200, 170], score: 0.91, image_url: `s3://${BUCKET}/${imageKey}` },
        { image_id: 0, category_id: 1, bbox: [300, 10, 140, 80], score: 0.4, image_url: `s3://${BUCKET}/${imageKey}` },
      ]);
    });

    it('when format=csv, then text/csv with a header and one RFC 4180 row per detection, formulas defused', async () => {
      const response = await fetch(`${api}/jobs/${doneJob}?format=csv`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="job-${doneJob}.csv"`);
      const text = await response.text();
      const lines = text.split('\r\n');
      expect(lines).toHaveLength(4); // header, two detections, and the empty rest after the last CRLF
      expect(lines[0]).toBe(
        'job_id,image_index,image_key,label,class_id,confidence,x,y,w,h,x1_norm,y1_norm,x2_norm,y2_norm',
      );
      expect(lines[1]).toBe(`${doneJob},0,${imageKey},car,3,0.91,60,50,200,170,0.133,0.1667,0.5765,0.7333`);
      // A label a spreadsheet would run as a formula starts with an apostrophe; its comma and quotes are quoted.
      expect(lines[2]).toBe(
        `${doneJob},0,${imageKey},"'=HYPERLINK(""http://evil"",""x"")",1,0.4,300,10,140,80,0.6652,0.0333,0.9756,0.3`,
      );
      expect(lines[3]).toBe('');
    });

    it('when format is json or absent, then the job itself; when it is anything else, then 400 names format', async () => {
      const plain = await readJson(await fetch(`${api}/jobs/${doneJob}`));
      expect(await readJson(await fetch(`${api}/jobs/${doneJob}?format=json`))).toEqual(plain);
      expect(plain).toMatchObject({ jobId: doneJob, status: 'COMPLETED' });
      for (const query of ['format=xml', 'format=COCO', 'format=csv&format=coco']) {
        const response = await fetch(`${api}/jobs/${doneJob}?${query}`);
        expect(response.status, query).toBe(400);
        expect((await readJson(response)).errors, query).toEqual([
          expect.objectContaining({ field: 'format', rule: 'isIn' }),
        ]);
      }
    });
  });

  describe('GET /jobs/{jobId}/images/{index}/annotated', () => {
    it('when the image is done, then a JPEG of it with the box in its class colour, drawn once and kept under results/', async () => {
      const response = await fetch(`${api}/jobs/${doneJob}/images/0/annotated`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      const jpeg = Buffer.from(await response.arrayBuffer());
      expect(await sharp(jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 451, height: 300 });
      const red = rgbOf(colourOfClass(3));
      const [x1, y1, x2, y2] = CAR_BOX;
      // On the box's edges: its colour; well inside and outside it: the photo as it was.
      for (const [x, y] of [
        [x1 + 1, (y1 + y2) >> 1],
        [x2 - 2, (y1 + y2) >> 1],
        [(x1 + x2) >> 1, y2 - 2],
      ])
        expect(near(await pixel(jpeg, x, y), red, 40), `edge ${x},${y}`).toBe(true);
      for (const [x, y] of [
        [x1 + 50, y1 + 80],
        [20, 280],
      ])
        expect(near(await pixel(jpeg, x, y), await pixel(chelsea, x, y), 16), `photo ${x},${y}`).toBe(true);

      const stored = join(backend.dataDir, 'objects', BUCKET, 'results', 'default', doneJob, 'annotated', '0.jpg');
      expect(existsSync(stored)).toBe(true);
      // The next request is served from storage, not drawn again: what is stored is what comes back.
      const marker = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } })
        .jpeg()
        .toBuffer();
      writeFileSync(stored, marker);
      const again = await fetch(`${api}/jobs/${doneJob}/images/0/annotated`);
      expect(Buffer.from(await again.arrayBuffer()).equals(marker)).toBe(true);
    });

    it('when the photo carries an EXIF orientation, then the drawing is of the upright image the boxes are in', async () => {
      const stored = await sharp(chelsea).jpeg().withMetadata({ orientation: 6 }).toBuffer(); // shows as 300x451
      const jobId = await submit([await upload('turned.jpg', stored, 'image/jpeg')]);
      await recordResults(backend.dataDir, jobId, [
        {
          width: 300,
          height: 451,
          detections: [{ label: 'car', classId: 3, confidence: 0.9, bbox: [10, 300, 200, 440] }],
        },
      ]);
      const jpeg = Buffer.from(await (await fetch(`${api}/jobs/${jobId}/images/0/annotated`)).arrayBuffer());
      expect(await sharp(jpeg).metadata()).toMatchObject({ width: 300, height: 451 });
      expect(near(await pixel(jpeg, 11, 370), rgbOf(colourOfClass(3)), 40)).toBe(true);
    });

    it('when the image failed or is not processed yet, then 409 says which', async () => {
      const failed = await fetch(`${api}/jobs/${doneJob}/images/1/annotated`);
      expect(failed.status).toBe(409);
      expect((await readJson(failed)).message).toMatch(/image 1 of job .* failed, so it has no boxes to draw/);
      const pendingJob = await submit([await upload('later.png', chelsea)]);
      const pending = await fetch(`${api}/jobs/${pendingJob}/images/0/annotated`);
      expect(pending.status).toBe(409);
      expect((await readJson(pending)).message).toMatch(/not processed yet \(job PENDING\)/);
    });

    it('when the job is unknown or the index out of range or no integer, then 404', async () => {
      for (const path of [
        `/jobs/00000000-0000-4000-8000-000000000000/images/0/annotated`,
        `/jobs/${doneJob}/images/2/annotated`,
        `/jobs/${doneJob}/images/-1/annotated`,
        `/jobs/${doneJob}/images/one/annotated`,
      ]) {
        const response = await fetch(`${api}${path}`);
        expect(response.status, path).toBe(404);
        expect(await readJson(response), path).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
    });
  });
});
