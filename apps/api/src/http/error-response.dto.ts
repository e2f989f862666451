import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'imageUrls[0]' })
  field: string;

  @ApiProperty({ example: 'exists', description: 'Name of the broken rule.' })
  rule: string;

  @ApiProperty({ example: 'object s3://image-processing-uploads/uploads/x.jpg does not exist; upload it first' })
  message: string;
}

export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'Validation failed: imageUrls: imageUrls should not be empty' })
  message: string;

  @ApiPropertyOptional({ type: [FieldProblemDto] })
  errors?: FieldProblemDto[];
}
