import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestUploadCommand, RequestUploadUseCase } from '@app/storage';
import { ErrorResponse } from '../http/error-response.dto';
import { PresignUploadRequest, PresignUploadResponse } from './presign-upload.dto';

@ApiTags('uploads')
@Controller('uploads')
export class PresignUploadController {
  constructor(private readonly requestUpload: RequestUploadUseCase) {}

  @Post('presign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Get a presigned URL to upload one image straight to object storage' })
  @ApiOkResponse({ type: PresignUploadResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A field broke a rule; `errors` names each field and rule.',
  })
  async presign(@Body() body: PresignUploadRequest): Promise<PresignUploadResponse> {
    const ticket = await this.requestUpload.execute(
      new RequestUploadCommand(body.filename, body.contentType, body.size),
    );
    const { url, key, bucket, method, headers, maxBytes, expiresAt } = ticket;
    return { url, key, bucket, method, headers, maxBytes, expiresAt: expiresAt.toISOString() };
  }
}
