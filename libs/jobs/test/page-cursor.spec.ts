import { describe, expect, it } from 'vitest';
import { AppError } from '@app/core';
import { decodeCursor, encodeCursor } from '../src/adapters/page-cursor';

function validationErrorOf(cursor: string): AppError {
  try {
    decodeCursor(cursor);
  } catch (error) {
    return error as AppError;
  }
  throw new Error(`decodeCursor(${JSON.stringify(cursor)}) did not throw`);
}

describe('page cursor', () => {
  it('when a position is encoded and decoded, then it comes back unchanged', () => {
    const position = { createdAt: '2026-11-28T21:00:00.000Z', jobId: '6f1c2d7e-0000-4000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('when a position is encoded, then the cursor is URL-safe (base64url, no padding)', () => {
    const cursor = encodeCursor({ createdAt: '2026-11-28T21:00:00.000Z', jobId: '??>>~~' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['empty', ''],
    ['base64 of plain text', Buffer.from('hello').toString('base64url')],
    ['base64 of JSON null', Buffer.from('null').toString('base64url')],
    ['base64 of an object', Buffer.from('{"createdAt":"x","jobId":"y"}').toString('base64url')],
    ['base64 of an array with a number', Buffer.from('["2026-11-28T21:00:00.000Z",5]').toString('base64url')],
    ['base64 of a one-element array', Buffer.from('["2026-11-28T21:00:00.000Z"]').toString('base64url')],
  ])('when the cursor is %s, then an AppError validation on field `cursor` is thrown', (_, cursor) => {
    const error = validationErrorOf(cursor);
    expect(error).toBeInstanceOf(AppError);
    expect(error.kind).toBe('validation');
    expect(error.problems).toEqual([expect.objectContaining({ field: 'cursor', rule: 'cursor' })]);
  });
});
