import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IMAGE_CONTENT_TYPES } from '@app/storage';
import { NoControlCharacters, NoPathSeparators } from '../http/validators';

export class PresignUploadRequest {
  @ApiProperty({
    example: 'car-damage.jpg',
    maxLength: 255,
    description: 'Name of the file; no path separators or control characters.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @NoPathSeparators()
  @NoControlCharacters()
  filename: string;

  @ApiProperty({
    example: 'image/jpeg',
    enum: IMAGE_CONTENT_TYPES,
    description: 'Content type the upload must be sent with.',
  })
  @IsString()
  @IsIn(IMAGE_CONTENT_TYPES, { message: `contentType must be an image type: one of ${IMAGE_CONTENT_TYPES.join(', ')}` })
  contentType: string;

  @ApiPropertyOptional({
    example: 482113,
    minimum: 1,
    description:
      'Exact size of the file in bytes, at most MAX_UPLOAD_BYTES. Required with S3 storage, where the URL signs it as Content-Length (the upload must have exactly this size); self-hosted, it becomes the cap.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  size?: number;
}

export class PresignUploadResponse {
  @ApiProperty({
    example:
      'http://127.0.0.1:3000/storage/image-processing-uploads/uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg?contentType=image%2Fjpeg&maxBytes=20971520&expires=1795000000&signature=…',
    description: 'Send the raw image bytes here with an HTTP PUT and the headers below, before expiresAt.',
  })
  url: string;

  @ApiProperty({ example: 'uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg' })
  key: string;

  @ApiProperty({ example: 'image-processing-uploads' })
  bucket: string;

  @ApiProperty({ example: 'PUT', enum: ['PUT'] })
  method: 'PUT';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'content-type': 'image/jpeg' },
    description: 'Headers the upload must carry, exactly (with S3 also `if-none-match: *`: a key is written once).',
  })
  headers: Record<string, string>;

  @ApiProperty({ example: 20971520, description: 'Largest accepted upload in bytes (the declared size, when given).' })
  maxBytes: number;

  @ApiProperty({ example: '2026-11-28T21:15:00.000Z', format: 'date-time' })
  expiresAt: string;
}
