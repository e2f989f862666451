import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config';
import { problemsOf } from './support/problems-of';

const AWS_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/image-processing-queue';

describe('cross-field configuration rules', () => {
  it('when the configuration is half set in several ways, then one error lists every problem, each once', () => {
    const problems = problemsOf({
      S3_BUCKET: 'My_Uploads',
      SQS_QUEUE_URL: 'http://127.0.0.1:9324/just-a-name',
      JOBS_RESULT_TTL_DAYS: '30',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      PORT: 'eighty',
    });
    expect(problems).toEqual([
      expect.stringContaining('PORT'),
      expect.stringMatching(/^S3_BUCKET "My_Uploads" is not a bucket name/),
      expect.stringMatching(/^SQS_QUEUE_URL .* must end in \/<account id>\/<queue name>/),
      expect.stringMatching(/^JOBS_RESULT_TTL_DAYS needs JOBS_TABLE_NAME/),
      expect.stringMatching(
        /^AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together \(only AWS_ACCESS_KEY_ID is\)/,
      ),
    ]);
  });

  it('when a variable already failed its own check, then no cross-field rule reports it again', () => {
    expect(problemsOf({ SQS_QUEUE_URL: 'ftp://queue', AWS_REGION: 'eu-west-1' })).toHaveLength(1);
  });

  it('when SQS_QUEUE_URL is an AWS queue in another region than an explicit AWS_REGION, then the configuration is refused', () => {
    expect(problemsOf({ SQS_QUEUE_URL: AWS_QUEUE, AWS_REGION: 'us-east-1' })).toEqual([
      expect.stringContaining(
        'SQS_QUEUE_URL is a queue in eu-west-1 but AWS_REGION is us-east-1: set AWS_REGION=eu-west-1',
      ),
    ]);
  });

  it('when SQS_QUEUE_URL names a FIFO queue, then the configuration is refused: job messages carry no group id', () => {
    expect(problemsOf({ SQS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo' })).toEqual([
      expect.stringContaining('FIFO'),
    ]);
  });

  it.each([
    ['an AWS queue in the region AWS_REGION names', { SQS_QUEUE_URL: AWS_QUEUE, AWS_REGION: 'eu-west-1' }],
    [
      'a queue on a local endpoint with any region',
      { SQS_QUEUE_URL: 'http://127.0.0.1:5000/123456789012/jobs', AWS_REGION: 'ap-south-1' },
    ],
    ['S3_FORCE_PATH_STYLE without S3_BUCKET', { S3_FORCE_PATH_STYLE: 'true' }],
    [
      'endpoint variables without any AWS adapter',
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' },
    ],
    ['a TTL with its table', { JOBS_TABLE_NAME: 'jobs', JOBS_RESULT_TTL_DAYS: '30' }],
    ['both credential variables', { S3_BUCKET: 'uploads', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }],
    ['one credential variable in self-hosted mode, where nothing reads it', { AWS_ACCESS_KEY_ID: 'a' }],
  ])('when the configuration has %s, then it is accepted', (_, env) => {
    expect(() => loadConfig(env)).not.toThrow();
  });
});
