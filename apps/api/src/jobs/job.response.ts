import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImageStatus, Job, JobStatus, toJobDocument, WebhookStatus } from '@app/jobs';

export class DetectionDto {
  @ApiProperty({ example: 'car' })
  label: string;

  @ApiProperty({ example: 3, description: 'COCO category id of the label' })
  classId: number;

  @ApiProperty({ example: 0.95, minimum: 0, maximum: 1 })
  confidence: number;

  @ApiProperty({
    example: [100, 150, 500, 400],
    type: [Number],
    description: '[x1, y1, x2, y2] in pixels of the EXIF-oriented original (the frame of width x height)',
  })
  bbox: [number, number, number, number];

  @ApiProperty({
    example: [0.1563, 0.3125, 0.7813, 0.8333],
    type: [Number],
    description: 'The same box as fractions 0..1 of width and height',
  })
  bboxNormalized: [number, number, number, number];
}

export class ModelDto {
  @ApiProperty({ example: 'ssdlite' })
  name: string;

  @ApiProperty({ example: '1' })
  version: string;
}

export class DetectionOptionsDto {
  @ApiProperty({ example: 'ssdlite@1', description: 'The model as name@version, resolved when the job was accepted' })
  model: string;

  @ApiProperty({ example: 0.5 })
  minConfidence: number;

  @ApiProperty({ example: 0.5 })
  iouThreshold: number;

  @ApiProperty({ example: 100, description: 'Per image' })
  maxDetections: number;

  @ApiPropertyOptional({ type: [String], example: ['person', 'dog'], description: 'Labels kept; absent: all' })
  classes?: string[];

  @ApiPropertyOptional({ example: true, description: 'Tiled inference was asked for; absent: off' })
  tiling?: boolean;
}

export class ImageFailureDto {
  @ApiProperty({ example: 'image not found' })
  error: string;

  @ApiProperty({ example: '2026-11-28T10:31:23.000Z', format: 'date-time' })
  failedAt: string;
}

export class ImageDetectionsDto {
  @ApiProperty({
    example: 's3://image-processing-uploads/uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg',
  })
  imageUrl: string;

  @ApiProperty({ example: 0 })
  imageIndex: number;

  @ApiProperty({
    enum: ['pending', 'done', 'failed'],
    example: 'done',
    description: 'pending until a worker has this image’s outcome',
  })
  status: ImageStatus;

  @ApiProperty({ type: [DetectionDto] })
  detections: DetectionDto[];

  @ApiProperty({ example: 1 })
  detectionCount: number;

  @ApiPropertyOptional({
    example: 'image could not be decoded: Input buffer contains unsupported image format',
    description: 'Present when this image failed.',
  })
  error?: string;

  @ApiPropertyOptional({ example: 640, description: 'Width of the EXIF-oriented frame the boxes are in' })
  width?: number;

  @ApiPropertyOptional({ example: 480, description: 'Height of the EXIF-oriented frame the boxes are in' })
  height?: number;

  @ApiPropertyOptional({ type: ModelDto, description: 'The model that produced the detections' })
  model?: ModelDto;

  @ApiPropertyOptional({ example: 850, description: 'Milliseconds from the job’s submission to this image’s start' })
  queuedMs?: number;

  @ApiPropertyOptional({ example: 12, description: 'Milliseconds spent decoding and resizing' })
  decodeMs?: number;

  @ApiPropertyOptional({ example: 35, description: 'Milliseconds spent in the model' })
  inferenceMs?: number;

  @ApiPropertyOptional({
    example: 60,
    description: 'Milliseconds of this image’s whole work (read, decode, inference)',
  })
  durationMs?: number;

  @ApiPropertyOptional({
    type: [ImageFailureDto],
    description: 'Earlier failures of this image, oldest first, when POST /jobs/{jobId}/retry ran it again',
  })
  history?: ImageFailureDto[];
}

export class WebhookStateDto {
  @ApiProperty({
    enum: ['pending', 'delivering', 'delivered', 'failed'],
    example: 'delivered',
    description:
      'pending: the job has not ended, or its first attempt is queued; delivering: an attempt failed and another is scheduled; delivered: a 2xx answer; failed: no 2xx within 24 h',
  })
  status: WebhookStatus;

  @ApiProperty({ example: 2, description: 'Attempts made so far' })
  attempts: number;

  @ApiPropertyOptional({
    example: 'HTTP 503',
    description:
      'Why the last failed attempt failed, e.g. "HTTP 503", "timeout after 5 s", "refused: address 10.0.0.1 is private"',
  })
  lastError?: string;

  @ApiPropertyOptional({ example: '2026-11-28T10:31:24.000Z', format: 'date-time', description: 'When a 2xx came' })
  deliveredAt?: string;
}

export class JobResponse {
  @ApiProperty({ example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  jobId: string;

  @ApiProperty({ enum: JobStatus, example: JobStatus.COMPLETED })
  status: JobStatus;

  @ApiProperty({ example: 1 })
  imageCount: number;

  @ApiPropertyOptional({
    example: { source: 'mobile-app', version: '1.0' },
    description: 'The metadata the job was submitted with, as given.',
  })
  metadata?: Record<string, unknown>;

  @ApiProperty({ example: 1, description: 'Images with an outcome (done or failed) so far' })
  processedImages: number;

  @ApiPropertyOptional({
    type: DetectionOptionsDto,
    description:
      "The model and thresholds the job runs with: the request's, else the model manifest's, else the configured defaults (absent on jobs accepted before models could be chosen).",
  })
  options?: DetectionOptionsDto;

  @ApiPropertyOptional({
    type: [ImageDetectionsDto],
    description:
      'Per image, from the moment a worker starts on the job: each image is `pending` until its outcome is recorded, then `done` (with its detections) or `failed` (with its error), while the job still runs.',
  })
  detections?: ImageDetectionsDto[];

  @ApiPropertyOptional({
    example: 'all 1 image(s) failed; first: image not found',
    description: 'Why the job failed (FAILED only).',
  })
  error?: string;

  @ApiProperty({ example: '2026-11-28T10:30:00.000Z', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-28T10:31:23.000Z', format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({
    example: '2026-11-28T10:30:01.000Z',
    format: 'date-time',
    description: 'When a worker first started on the job',
  })
  startedAt?: string;

  @ApiPropertyOptional({
    example: '2026-11-28T10:31:23.000Z',
    format: 'date-time',
    description: 'When the job reached COMPLETED or FAILED',
  })
  completedAt?: string;

  @ApiPropertyOptional({
    example: 'https://hooks.example.com/detections',
    description: 'Where this job’s document is POSTed when it ends (as submitted).',
  })
  callbackUrl?: string;

  @ApiPropertyOptional({
    type: WebhookStateDto,
    description: 'The delivery of the webhook: present when the job has a callbackUrl.',
  })
  webhook?: WebhookStateDto;

  /** The same mapping the worker's webhook POSTs (toJobDocument): a webhook is exactly what this route answers. */
  static from(job: Job): JobResponse {
    return toJobDocument(job);
  }
}
