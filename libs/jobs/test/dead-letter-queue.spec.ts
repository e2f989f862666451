import { describe, expect, it } from 'vitest';
import { offersMoveTasks } from '../src/adapters/sqs/dead-letter-queue';

describe('which endpoints redrive with a message move task', () => {
  it('when the dead-letter queue is on Amazon SQS, then its move task is used', () => {
    expect(offersMoveTasks('https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-dlq')).toBe(true);
    expect(offersMoveTasks('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/jobs-dlq')).toBe(true);
  });

  it('when it is on the project’s queue server or an emulator, then messages are copied back instead', () => {
    expect(offersMoveTasks('http://127.0.0.1:9324/000000000000/jobs-dlq')).toBe(false);
    expect(offersMoveTasks('http://localhost:5000/123456789012/jobs-dlq')).toBe(false);
    expect(offersMoveTasks('https://sqs.eu-west-1.amazonaws.com.evil.example/1/jobs-dlq')).toBe(false);
  });
});
