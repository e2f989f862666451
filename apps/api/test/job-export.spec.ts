import { describe, expect, it } from 'vitest';
import { AppError } from '@app/core';
import { Job, JobStatus } from '@app/jobs';
import { csvOf, parseJobFormat, safeTextCell } from '../src/jobs/job-export';

const job = (label: string, imageUrl: string): Job => ({
  jobId: 'j1',
  tenantId: 'default',
  status: JobStatus.COMPLETED,
  imageUrls: [imageUrl],
  imageCount: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  attempts: 1,
  processedImages: 1,
  results: [
    {
      imageUrl,
      imageIndex: 0,
      status: 'done',
      detections: [{ label, classId: 1, confidence: 0.5, bbox: [1, 2, 3, 4], bboxNormalized: [0.1, 0.2, 0.3, 0.4] }],
      detectionCount: 1,
    },
  ],
});

describe('job exports', () => {
  it('when a text cell starts with = + - @ tab or CR, then it gets a leading apostrophe; other text is left as is', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(safeTextCell(text), JSON.stringify(text)).toBe(`'${text}`);
    for (const text of ['person', 'a=b', 'dining table', '']) expect(safeTextCell(text)).toBe(text);
  });

  it('when a cell holds a comma, a quote or a line break, then it is quoted with its quotes doubled (RFC 4180)', () => {
    const [, row] = csvOf(job('say "hi",\r\nthere', 's3://bucket-a/uploads/k.png')).split('\r\n');
    expect(row).toBe('j1,0,uploads/k.png,"say ""hi"",');
    expect(csvOf(job('say "hi",\r\nthere', 's3://bucket-a/uploads/k.png'))).toContain(
      'j1,0,uploads/k.png,"say ""hi"",\r\nthere",1,0.5,1,2,2,2,0.1,0.2,0.3,0.4\r\n',
    );
  });

  it('when the format is not json, coco or csv, then a validation error names format and the rule', () => {
    expect(parseJobFormat(undefined)).toBe('json');
    expect(parseJobFormat('csv')).toBe('csv');
    for (const bad of ['xml', ['csv', 'coco'], 'Csv']) {
      const error = (() => {
        try {
          parseJobFormat(bad);
        } catch (caught) {
          return caught as AppError;
        }
      })();
      expect(error?.kind).toBe('validation');
      expect(error?.problems).toEqual([expect.objectContaining({ field: 'format', rule: 'isIn' })]);
    }
  });
});
