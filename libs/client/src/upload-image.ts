import { ApiRequestError, dataOf, ErrorBody } from './api-request.error';
import type { ImageDetectClient } from './create-client';
import type { components } from './generated/api-schema';

export type ImageContentType = components['schemas']['PresignUploadRequest']['contentType'];

const CONTENT_TYPES: Record<string, ImageContentType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  avif: 'image/avif',
};

/** The content type the API accepts for a file name, by its extension; undefined when it takes none. */
export function contentTypeOf(filename: string): ImageContentType | undefined {
  const extension = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase();
  return extension ? CONTENT_TYPES[extension] : undefined;
}

/** Asks for a presigned URL, PUTs the bytes to it, and returns the s3:// URL a job names the image by. */
export async function uploadImage(
  client: ImageDetectClient,
  image: { filename: string; contentType: ImageContentType; bytes: Uint8Array },
): Promise<string> {
  const presigned = dataOf(
    `presign ${image.filename}`,
    await client.POST('/uploads/presign', {
      body: { filename: image.filename, contentType: image.contentType },
    }),
  );
  const put = await fetch(presigned.url, {
    method: presigned.method,
    headers: presigned.headers,
    body: image.bytes,
  });
  if (!put.ok) {
    const body = (await put.json().catch(() => undefined)) as Partial<ErrorBody> | undefined;
    throw new ApiRequestError(put.status, body, `upload of ${image.filename}`);
  }
  return `s3://${presigned.bucket}/${presigned.key}`;
}
