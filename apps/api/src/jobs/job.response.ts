import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Job, JobStatus } from '@app/jobs';

export class DetectionDto {
  @ApiProperty({ example: 'car' })
  label: string;

  @ApiProperty({ example: 0.95, minimum: 0, maximum: 1 })
  confidence: number;

  @ApiProperty({
    example: [100, 150, 500, 400],
    type: [Number],
    description: '[x1, y1, x2, y2] in pixels of the EXIF-oriented original',
  })
  bbox: [number, number, number, number];
}

export class ImageDetectionsDto {
  @ApiProperty({
    example: 's3://image-processing-uploads/uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg',
  })
  imageUrl: string;

  @ApiProperty({ example: 0 })
  imageIndex: number;

  @ApiProperty({ type: [DetectionDto] })
  detections: DetectionDto[];

  @ApiProperty({ example: 1 })
  detectionCount: number;

  @ApiPropertyOptional({
    example: 'image could not be decoded: Input buffer contains unsupported image format',
    description: 'Present when this image failed.',
  })
  error?: string;
}

export class JobResponse {
  @ApiProperty({ example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  jobId: string;

  @ApiProperty({ enum: JobStatus, example: JobStatus.COMPLETED })
  status: JobStatus;

  @ApiProperty({ example: 1 })
  imageCount: number;

  @ApiPropertyOptional({ type: [ImageDetectionsDto], description: 'Per image, once the job has finished.' })
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

  static from(job: Job): JobResponse {
    return {
      jobId: job.jobId,
      status: job.status,
      imageCount: job.imageCount,
      ...(job.results && { detections: job.results }),
      ...(job.status === JobStatus.FAILED && { error: job.error ?? 'failed' }),
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
  }
}
