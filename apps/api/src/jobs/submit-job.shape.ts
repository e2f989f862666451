import { FieldProblem } from '@app/core';

/** Metadata is free-form but small: at most this many bytes of JSON, and this many keys and array elements. */
export const METADATA_MAX_BYTES = 16 * 1024;
export const METADATA_MAX_NODES = 1000;

/** Keys and array elements in a JSON value, counted with a stack of its own; stops counting past `max`. */
function countNodes(value: unknown, max: number): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && count <= max) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const child of Object.values(node)) {
      count++;
      pending.push(child);
    }
  }
  return count;
}

/**
 * The parts of POST /process that cost time to validate, checked on the parsed body before class-transformer walks
 * it: how many images, and how big the metadata is. Types and the rest are left to the DTO.
 */
export function submitJobShapeProblems(body: unknown, maxImagesPerJob: number): FieldProblem[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const { imageUrls, metadata } = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  if (Array.isArray(imageUrls) && imageUrls.length > maxImagesPerJob) {
    problems.push({
      field: 'imageUrls',
      rule: 'arrayMaxSize',
      message: `imageUrls must contain at most ${maxImagesPerJob} images`,
    });
  }
  if (metadata !== null && typeof metadata === 'object') {
    if (countNodes(metadata, METADATA_MAX_NODES) > METADATA_MAX_NODES) {
      problems.push({
        field: 'metadata',
        rule: 'maxKeys',
        message: `metadata must hold at most ${METADATA_MAX_NODES} keys and array elements in all`,
      });
    } else if (Buffer.byteLength(JSON.stringify(metadata)) > METADATA_MAX_BYTES) {
      problems.push({
        field: 'metadata',
        rule: 'maxJsonBytes',
        message: `metadata must serialize to at most ${METADATA_MAX_BYTES} bytes of JSON`,
      });
    }
  }
  return problems;
}
