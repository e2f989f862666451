import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config';
import { problemsOf } from './support/problems-of';

describe('loadConfig', () => {
  describe('defaults', () => {
    const config = loadConfig({});

    it('when nothing is set, then every part runs self-hosted', () => {
      expect(config.storage.mode).toBe('local');
      expect(config.jobs.mode).toBe('sqlite');
      expect(config.queue.mode).toBe('self-hosted');
    });

    it('when nothing is set, then the documented defaults apply', () => {
      expect(config).toMatchObject({
        env: 'development',
        logLevel: 'info',
        dataDir: resolve('./data'),
        api: {
          port: 3000,
          host: '127.0.0.1',
          publicUrl: 'http://127.0.0.1:3000',
          maxBodyBytes: 64 * 1024,
          requestTimeoutSeconds: 30,
          maxImagesPerJob: 50,
        },
        storage: {
          bucket: 'image-processing-uploads',
          maxUploadBytes: 20 * 1024 * 1024,
          uploadUrlExpiresSeconds: 900,
          forcePathStyle: false,
          uploadRetentionDays: 7,
        },
        jobs: { retentionDays: 30, pendingRequeueSeconds: 300 },
        queue: { maxReceiveCount: 5, visibilityTimeoutSeconds: 60, heartbeatSeconds: 20 },
        worker: { healthPort: 3001, modelMemoryBytes: 512 * 2 ** 20 },
        models: {
          shippedDir: resolve('models'),
          userDir: undefined,
          defaultModel: 'ssdlite',
          defaults: { minConfidence: 0.5, iouThreshold: 0.5, maxDetections: 100 },
        },
        aws: { region: 'us-east-1', endpoints: { s3: undefined, dynamodb: undefined, sqs: undefined } },
      });
      expect(config.storage.uploadSecret).toBeUndefined();
    });

    it('when nothing is set, then the self-hosted queue is at 127.0.0.1:9324 with an SQS-style URL', () => {
      expect(config.queue).toMatchObject({
        endpoint: 'http://127.0.0.1:9324',
        queueUrl: 'http://127.0.0.1:9324/000000000000/image-processing-queue',
        selfHosted: { host: '127.0.0.1', port: 9324, accountId: '000000000000', name: 'image-processing-queue' },
      });
    });

    it('when nothing is set, then there is one inference thread per core and as many concurrent jobs', () => {
      expect(config.worker.inferenceThreads).toBe(Math.max(1, cpus().length));
      expect(config.worker.concurrency).toBe(config.worker.inferenceThreads);
    });

    it('when a variable is set to the empty string, then its default applies', () => {
      expect(loadConfig({ PORT: '', S3_BUCKET: '', SQS_QUEUE_URL: '' })).toMatchObject({
        api: { port: 3000 },
        storage: { mode: 'local' },
        queue: { mode: 'self-hosted' },
      });
    });
  });

  describe('AWS selectors', () => {
    it('when only S3_BUCKET is set, then storage uses S3 with that bucket and the rest stays self-hosted', () => {
      const config = loadConfig({ S3_BUCKET: 'my-uploads' });
      expect(config.storage).toMatchObject({ mode: 's3', bucket: 'my-uploads' });
      expect(config.jobs.mode).toBe('sqlite');
      expect(config.queue.mode).toBe('self-hosted');
    });

    it('when only JOBS_TABLE_NAME is set, then jobs live in DynamoDB and the rest stays self-hosted', () => {
      const config = loadConfig({ JOBS_TABLE_NAME: 'image-jobs', JOBS_RESULT_TTL_DAYS: '30' });
      expect(config.jobs).toEqual({
        mode: 'dynamodb',
        tableName: 'image-jobs',
        resultTtlDays: 30,
        retentionDays: 30,
        pendingRequeueSeconds: 300,
      });
      expect(config.storage.mode).toBe('local');
      expect(config.queue.mode).toBe('self-hosted');
    });

    it('when only SQS_QUEUE_URL is set, then the queue is SQS at that URL, the SDK resolves the endpoint, and the rest stays self-hosted', () => {
      const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/image-processing-queue';
      const config = loadConfig({ SQS_QUEUE_URL: queueUrl });
      expect(config.queue).toMatchObject({ mode: 'sqs', queueUrl, endpoint: undefined });
      expect(config.storage.mode).toBe('local');
      expect(config.jobs.mode).toBe('sqlite');
    });

    it('when SQS is selected with endpoint overrides, then AWS_ENDPOINT_URL_SQS wins over AWS_ENDPOINT_URL', () => {
      const base = { SQS_QUEUE_URL: 'http://127.0.0.1:5000/123456789012/q', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' };
      expect(loadConfig(base).queue.endpoint).toBe('http://127.0.0.1:5000');
      expect(loadConfig({ ...base, AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:5001' }).queue.endpoint).toBe(
        'http://127.0.0.1:5001',
      );
    });

    it('when AWS_ENDPOINT_URL is set, then each service endpoint falls back to it unless its own is set', () => {
      const config = loadConfig({
        AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
        AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:5002',
      });
      expect(config.aws.endpoints).toEqual({
        s3: 'http://127.0.0.1:5002',
        dynamodb: 'http://127.0.0.1:5000',
        sqs: 'http://127.0.0.1:5000',
      });
    });

    it('when the queue is self-hosted, then AWS endpoint settings do not redirect it', () => {
      const config = loadConfig({ AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:5001', QUEUE_PORT: '9400' });
      expect(config.queue.endpoint).toBe('http://127.0.0.1:9400');
    });

    it('when all three selectors are set, then every part uses AWS', () => {
      const config = loadConfig({
        S3_BUCKET: 'b-uploads',
        JOBS_TABLE_NAME: 'jobs',
        SQS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
      });
      expect([config.storage.mode, config.jobs.mode, config.queue.mode]).toEqual(['s3', 'dynamodb', 'sqs']);
    });
  });

  describe('derived values', () => {
    it('when DEMO_PAGE is not set, then the demo page is on with self-hosted storage and off with S3 (AWS)', () => {
      expect(loadConfig({}).api.demoPage).toBe(true);
      expect(loadConfig({ S3_BUCKET: 'my-uploads' }).api.demoPage).toBe(false);
    });

    it('when DEMO_PAGE is set, then it wins over the storage mode either way', () => {
      expect(loadConfig({ S3_BUCKET: 'my-uploads', DEMO_PAGE: 'true' }).api.demoPage).toBe(true);
      expect(loadConfig({ DEMO_PAGE: 'false' }).api.demoPage).toBe(false);
    });

    it('when PUBLIC_URL is not set, then it is built from HOST and PORT', () => {
      expect(loadConfig({ HOST: '10.0.0.5', PORT: '8080' }).api.publicUrl).toBe('http://10.0.0.5:8080');
    });

    it('when the API listens on every interface, then the default PUBLIC_URL points at 127.0.0.1', () => {
      expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).api.publicUrl).toBe('http://127.0.0.1:8080');
    });

    it('when PUBLIC_URL is set with trailing slashes, then it is kept without them', () => {
      expect(loadConfig({ PUBLIC_URL: 'https://api.example.com/detect//' }).api.publicUrl).toBe(
        'https://api.example.com/detect',
      );
    });

    it('when QUEUE_HOST, QUEUE_PORT, QUEUE_ACCOUNT_ID and QUEUE_NAME are set, then the self-hosted queue URL follows them', () => {
      const config = loadConfig({
        QUEUE_HOST: 'queue.local',
        QUEUE_PORT: '9500',
        QUEUE_ACCOUNT_ID: '123456789012',
        QUEUE_NAME: 'jobs',
      });
      expect(config.queue.queueUrl).toBe('http://queue.local:9500/123456789012/jobs');
    });

    it('when DATA_DIR and MODELS_DIR are relative, then they are resolved to absolute paths', () => {
      const config = loadConfig({ DATA_DIR: 'var/state', MODELS_DIR: 'my-models' });
      expect(config.dataDir).toBe(resolve('var/state'));
      expect(config.models.userDir).toBe(resolve('my-models'));
    });

    it('when numbers and booleans come as strings, then they are converted', () => {
      const config = loadConfig({
        MAX_IMAGES_PER_JOB: '7',
        MIN_CONFIDENCE: '0.25',
        S3_FORCE_PATH_STYLE: 'true',
        WORKER_CONCURRENCY: '3',
        INFERENCE_THREADS: '2',
      });
      expect(config.api.maxImagesPerJob).toBe(7);
      expect(config.worker).toMatchObject({ concurrency: 3, inferenceThreads: 2 });
      expect(config.models.defaults.minConfidence).toBe(0.25);
      expect(config.storage.forcePathStyle).toBe(true);
    });

    it('when TRUST_PROXY is not set, then X-Forwarded-For is not trusted; when it is "true", then it is', () => {
      expect(loadConfig({}).api.trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'true' }).api.trustProxy).toBe(true);
    });

    it('when variables the service does not know are present, then they are ignored', () => {
      expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root', SOMETHING_ELSE: 'x' })).not.toThrow();
    });
  });

  describe('validation', () => {
    it('when many values are bad, then one ConfigValidationError lists every problem at once', () => {
      const problems = problemsOf({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        MAX_IMAGES_PER_JOB: '0',
        MIN_CONFIDENCE: '1.5',
        QUEUE_ACCOUNT_ID: '42',
        SQS_QUEUE_URL: 'ftp://queue',
        UPLOAD_SECRET: 'short',
        NODE_ENV: 'staging',
      });
      for (const name of [
        'PORT',
        'LOG_LEVEL',
        'MAX_IMAGES_PER_JOB',
        'MIN_CONFIDENCE',
        'QUEUE_ACCOUNT_ID',
        'SQS_QUEUE_URL',
        'UPLOAD_SECRET',
        'NODE_ENV',
      ]) {
        expect(problems.some((p) => p.includes(name))).toBe(true);
      }
      expect(problems).toHaveLength(8);
    });

    it('when the configuration is invalid, then the message lists each problem on its own line', () => {
      try {
        loadConfig({ PORT: '70000', QUEUE_PORT: '-1' });
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}- .*PORT.*\n {2}- .*QUEUE_PORT/);
      }
    });

    it.each([
      ['equal to', { QUEUE_VISIBILITY_TIMEOUT_SECONDS: '30', QUEUE_HEARTBEAT_SECONDS: '30' }],
      ['above', { QUEUE_VISIBILITY_TIMEOUT_SECONDS: '30', QUEUE_HEARTBEAT_SECONDS: '45' }],
      ['by default above', { QUEUE_VISIBILITY_TIMEOUT_SECONDS: '10' }],
    ])('when the heartbeat is %s the visibility timeout, then the configuration is refused', (_, env) => {
      expect(problemsOf(env)).toEqual([
        expect.stringContaining('QUEUE_HEARTBEAT_SECONDS must be less than QUEUE_VISIBILITY_TIMEOUT_SECONDS'),
      ]);
    });

    it('when the heartbeat is just below the visibility timeout, then the configuration is accepted', () => {
      expect(loadConfig({ QUEUE_VISIBILITY_TIMEOUT_SECONDS: '30', QUEUE_HEARTBEAT_SECONDS: '29' }).queue).toMatchObject(
        { visibilityTimeoutSeconds: 30, heartbeatSeconds: 29 },
      );
    });

    it.each([
      ['LOCAL_BUCKET', 'Not_A_Bucket'],
      ['JOBS_TABLE_NAME', 'a b'],
      ['QUEUE_NAME', 'has.dots'],
      ['PUBLIC_URL', 'not a url'],
      ['MAX_UPLOAD_BYTES', '0'],
      ['UPLOAD_URL_EXPIRES_SECONDS', String(7 * 24 * 3600 + 1)],
      ['NMS_IOU_THRESHOLD', '-0.1'],
      ['INFERENCE_THREADS', '0'],
      ['MAX_BODY_BYTES', '100'],
      ['AWS_ENDPOINT_URL_S3', 'localhost:4566'],
    ])('when %s is %j, then the configuration is refused naming it', (name, value) => {
      const problems = problemsOf({ [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(name);
    });
  });
});
