import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';

/** The grant carried in a self-hosted upload URL; the signature covers every other field and the key. */
export class SelfHostedUploadQuery {
  @ApiProperty({ example: 'image/jpeg' })
  @IsString()
  contentType: string;

  @ApiProperty({ example: 20971520 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  maxBytes: number;

  @ApiProperty({ example: 1795000000, description: 'Unix seconds' })
  @Type(() => Number)
  @IsInt()
  expires: number;

  @ApiProperty({ example: '9f2c…', description: 'HMAC-SHA256, hex' })
  @IsString()
  signature: string;
}
