import { ApiProperty } from '@nestjs/swagger';

export class PresignPostResponse {
  @ApiProperty({
    example: 'https://image-processing-uploads.s3.us-east-1.amazonaws.com/',
    description:
      'POST a multipart/form-data form here: every field below, in order, then the image as the last field, `file`.',
  })
  url: string;

  @ApiProperty({
    example: {
      'Content-Type': 'image/jpeg',
      bucket: 'image-processing-uploads',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIA…/20261128/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20261128T210000Z',
      key: 'uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg',
      Policy: 'eyJleHBpcmF0aW9uIjoi…',
      'X-Amz-Signature': '5d1e…',
    },
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Form fields to send as given. The signed policy limits the size to 1..maxBytes and the content type to the one asked for.',
  })
  fields: Record<string, string>;

  @ApiProperty({ example: 'uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg' })
  key: string;

  @ApiProperty({ example: 'image-processing-uploads' })
  bucket: string;

  @ApiProperty({
    example: 20971520,
    description: 'Largest accepted upload in bytes; S3 refuses a larger form with 400 EntityTooLarge.',
  })
  maxBytes: number;

  @ApiProperty({ example: '2026-11-28T21:15:00.000Z', format: 'date-time' })
  expiresAt: string;
}
