import { ApiProperty } from '@nestjs/swagger';
import { AppError } from '@app/core';
import type { Job } from '@app/jobs';
import { parseS3Url } from '@app/storage';

export const JOB_FORMATS = ['json', 'coco', 'csv'] as const;
export type JobFormat = (typeof JOB_FORMATS)[number];

/** The `format` query parameter: absent means json; anything else outside the list is a 400 naming `format`. */
export function parseJobFormat(format: unknown): JobFormat {
  if (format === undefined || format === '') return 'json';
  if (typeof format === 'string' && (JOB_FORMATS as readonly string[]).includes(format)) return format as JobFormat;
  throw AppError.validation([
    {
      field: 'format',
      rule: 'isIn',
      message: `format must be one of ${JOB_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
    },
  ]);
}

/** One detection in the COCO results format (what pycocotools' `COCO.loadRes` reads). */
export class CocoResultDto {
  @ApiProperty({ example: 0, description: 'The image’s `imageIndex` in the job (its position in `imageUrls`)' })
  image_id: number;

  @ApiProperty({ example: 17, description: 'COCO category id (the detection’s `classId`)' })
  category_id: number;

  @ApiProperty({ example: [0, 3, 389, 292], type: [Number], description: '[x, y, width, height] in pixels' })
  bbox: [number, number, number, number];

  @ApiProperty({ example: 0.9306 })
  score: number;

  @ApiProperty({
    example: 's3://image-processing-uploads/uploads/2026/11/28/8d339c1b-chelsea.png',
    description: 'The image `image_id` stands for (an extra key; COCO tools ignore it)',
  })
  image_url: string;
}

/** Detections of the job's done images, in COCO's results format; image ids are the images' indexes in the job. */
export function cocoResultsOf(job: Job): CocoResultDto[] {
  return (job.results ?? [])
    .filter((result) => result.status === 'done')
    .flatMap((result) =>
      result.detections.map(({ classId, confidence, bbox: [x1, y1, x2, y2] }) => ({
        image_id: result.imageIndex,
        category_id: classId,
        bbox: [x1, y1, x2 - x1, y2 - y1] as [number, number, number, number],
        score: confidence,
        image_url: result.imageUrl,
      })),
    );
}

export const CSV_COLUMNS = [
  'job_id',
  'image_index',
  'image_key',
  'label',
  'class_id',
  'confidence',
  'x',
  'y',
  'w',
  'h',
  'x1_norm',
  'y1_norm',
  'x2_norm',
  'y2_norm',
] as const;

/**
 * A text cell as a spreadsheet may safely open it: a leading = + - @ tab or carriage return would make Excel,
 * LibreOffice or Sheets run it as a formula (CSV injection; labels come from user-supplied models, keys from file
 * names), so such a cell gets a leading apostrophe, as OWASP advises. Numbers are written by us and left alone.
 */
export function safeTextCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field holding a comma, quote, CR or LF is quoted, its quotes doubled. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per detection of the job's done images (RFC 4180, CRLF line ends, a header row). */
export function csvOf(job: Job): string {
  const rows: (string | number)[][] = [];
  for (const result of job.results ?? []) {
    if (result.status !== 'done') continue;
    const key = parseS3Url(result.imageUrl)?.key ?? result.imageUrl;
    for (const d of result.detections) {
      const [x1, y1, x2, y2] = d.bbox;
      rows.push([
        job.jobId,
        result.imageIndex,
        safeTextCell(key),
        safeTextCell(d.label),
        d.classId,
        d.confidence,
        x1,
        y1,
        x2 - x1,
        y2 - y1,
        ...d.bboxNormalized,
      ]);
    }
  }
  return [CSV_COLUMNS, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
