import { Body, Controller, HttpCode, NotImplementedException, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PostUploadUnsupportedError, RequestPostUploadUseCase, RequestUploadCommand } from '@app/storage';
import { ErrorResponse } from '../http/error-response.dto';
import { PresignPostResponse } from './presign-post.dto';
import { PresignUploadRequest } from './presign-upload.dto';

@ApiTags('uploads')
@Controller('uploads')
export class PresignPostController {
  constructor(private readonly requestPostUpload: RequestPostUploadUseCase) {}

  @Post('presign-post')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Get a presigned form POST to upload one image straight to S3, with the size cap enforced by S3',
    description:
      'Unlike the presigned PUT of POST /uploads/presign, whose size S3 cannot limit, the signed policy of this form ' +
      'makes S3 refuse a body larger than maxBytes or of another content type. For browsers: build a multipart form ' +
      'from `fields` and append the image as `file`. Available with S3 storage (S3_BUCKET set) only.',
  })
  @ApiOkResponse({ type: PresignPostResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'A field broke a rule; `errors` names each field and rule.',
  })
  @ApiResponse({
    status: 501,
    type: ErrorResponse,
    description: 'Self-hosted storage: use POST /uploads/presign instead.',
  })
  async presignPost(@Body() body: PresignUploadRequest): Promise<PresignPostResponse> {
    try {
      const { url, fields, key, bucket, maxBytes, expiresAt } = await this.requestPostUpload.execute(
        new RequestUploadCommand(body.filename, body.contentType),
      );
      return { url, fields, key, bucket, maxBytes, expiresAt: expiresAt.toISOString() };
    } catch (error) {
      if (error instanceof PostUploadUnsupportedError) throw new NotImplementedException(error.message);
      throw error;
    }
  }
}
