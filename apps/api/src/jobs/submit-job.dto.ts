import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CALLBACK_URL_MAX_LENGTH, JobStatus } from '@app/jobs';
import { MaxJsonBytes, NoControlCharacters } from '../http/validators';
import { METADATA_MAX_BYTES, METADATA_MAX_NODES } from './submit-job.shape';

/** "name" or "name@version", as model folders are named (see the manifest rules in libs/detection). */
const MODEL_REF_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}(@[A-Za-z0-9][A-Za-z0-9._-]{0,31})?$/;
const MAX_CLASSES = 300;

export class SubmitJobRequest {
  @ApiProperty({
    type: [String],
    example: ['s3://image-processing-uploads/uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg'],
    description:
      'Uploaded images as s3://<bucket>/<key> in the configured bucket; 1 to MAX_IMAGES_PER_JOB (default 50).',
  })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  imageUrls: string[];

  @ApiPropertyOptional({ example: 'user123', maxLength: 128 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  @NoControlCharacters()
  userId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { source: 'mobile-app', version: '1.0' },
    description: `Free-form JSON object, at most 16 KiB and ${METADATA_MAX_NODES} keys and array elements, returned as given.`,
  })
  @IsOptional()
  @IsObject()
  @MaxJsonBytes(METADATA_MAX_BYTES)
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'picodet-s-416',
    pattern: MODEL_REF_PATTERN.source,
    description:
      'The model (GET /models): "name" takes its newest version, "name@version" pins one. Default: the registry\'s default model (DEFAULT_MODEL, SSDLite as shipped). The job stores the resolved name@version and keeps it.',
  })
  @IsOptional()
  @IsString()
  @Matches(MODEL_REF_PATTERN, { message: 'model must be a model name, or name@version (GET /models lists them)' })
  model?: string;

  @ApiPropertyOptional({
    example: 0.3,
    minimum: 0.01,
    maximum: 1,
    description: "Detections scoring below this are dropped. Default: the model's manifest, else MIN_CONFIDENCE (0.5).",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(1)
  minConfidence?: number;

  @ApiPropertyOptional({
    example: 0.5,
    minimum: 0.1,
    maximum: 0.95,
    description:
      'Per-class NMS: a box overlapping a stronger one of its class by more than this (IoU) is dropped. Default: the manifest, else NMS_IOU_THRESHOLD (0.6).',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(0.95)
  iouThreshold?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['person', 'dog'],
    maxItems: MAX_CLASSES,
    description:
      "Labels to keep, among the chosen model's labels (GET /models); an unknown label is a 400 naming it. Default: every label.",
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_CLASSES)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  classes?: string[];

  @ApiPropertyOptional({
    example: 20,
    minimum: 1,
    maximum: 300,
    description:
      'At most this many detections per image, the strongest. Default: the manifest, else MAX_DETECTIONS (100).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(300)
  maxDetections?: number;

  @ApiPropertyOptional({
    example: true,
    description:
      "Default false. Also run the model on overlapping tiles of each image at the model's input size (25% overlap, at most 3 x 3 tiles; a larger photo is tiled on a view shrunk to fit that grid) and merge their boxes with the whole image's (boxes cut by a tile edge dropped, then per-class NMS). Finds more small objects, at up to 10 times the inference per image; an image no larger than the model's input is not tiled. bench/RESULTS.md has the measured trade.",
  })
  @IsOptional()
  @IsBoolean()
  tiling?: boolean;

  @ApiPropertyOptional({
    example: 'https://hooks.example.com/detections',
    maxLength: CALLBACK_URL_MAX_LENGTH,
    format: 'uri',
    description:
      'Where the job document (the body of GET /jobs/{jobId}) is POSTed when the job ends: COMPLETED, FAILED or CANCELLED. Signed: `X-Timestamp` (unix seconds) and `X-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under your tenant’s secret (GET /webhooks/secret). An absolute http(s) URL (https only on AWS) without user:password; addresses that resolve to private, loopback, link-local or metadata addresses are refused at delivery. Retried with backoff for 24 h until a 2xx; redirects are not followed.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(CALLBACK_URL_MAX_LENGTH)
  callbackUrl?: string;
}

export class SubmitJobResponse {
  @ApiProperty({ example: true })
  success: true;

  @ApiProperty({ example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55', format: 'uuid' })
  jobId: string;

  @ApiProperty({ example: JobStatus.PENDING, enum: [JobStatus.PENDING] })
  status: JobStatus;

  @ApiProperty({ example: 'Job created for 2 image(s)' })
  message: string;

  @ApiProperty({ example: 2 })
  imageCount: number;
}
