import { describe, expect, it } from 'vitest';
import { decodeJobMessage, encodeJobMessage } from '../src/domain/job-message';

describe('job message', () => {
  it('when a message is encoded and decoded, then the job id survives the round trip', () => {
    const body = encodeJobMessage({ jobId: '6f1c2d7e-0000-4000-8000-000000000001' });
    expect(decodeJobMessage(body)).toEqual({ jobId: '6f1c2d7e-0000-4000-8000-000000000001' });
  });

  it('when a message carries the request id, then it survives the round trip', () => {
    const body = encodeJobMessage({ jobId: 'j-1', requestId: 'req-42' });
    expect(JSON.parse(body)).toEqual({ jobId: 'j-1', requestId: 'req-42' });
    expect(decodeJobMessage(body)).toEqual({ jobId: 'j-1', requestId: 'req-42' });
  });

  it('when a body has a request id that is not a string, then the job id is kept and the request id dropped', () => {
    expect(decodeJobMessage('{"jobId":"j-3","requestId":7}')).toEqual({ jobId: 'j-3' });
  });

  it('when a message is encoded, then the body is JSON carrying only the job id', () => {
    const body = encodeJobMessage({ jobId: 'j-1', extra: 'leak' } as { jobId: string });
    expect(JSON.parse(body)).toEqual({ jobId: 'j-1' });
  });

  it('when a body carries more fields than the id, then only the id is kept', () => {
    expect(decodeJobMessage('{"jobId":"j-2","other":1}')).toEqual({ jobId: 'j-2' });
  });

  it.each([
    ['an undefined body', undefined],
    ['an empty body', ''],
    ['text that is not JSON', 'hello'],
    ['truncated JSON', '{"jobId":"j-'],
    ['JSON null', 'null'],
    ['a JSON string', '"j-1"'],
    ['a JSON array', '["j-1"]'],
    ['an object without jobId', '{"id":"j-1"}'],
    ['a numeric jobId', '{"jobId":42}'],
    ['an empty jobId', '{"jobId":""}'],
    ['a null jobId', '{"jobId":null}'],
  ])('when the body is %s, then decoding gives null', (_, body) => {
    expect(decodeJobMessage(body)).toBeNull();
  });
});
