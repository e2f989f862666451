import Fastify, { FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpLoggerParams, logRequests } from '../src/http/http-logger';

describe('logRequests (the access line of each request, and its id on every line logged while serving it)', () => {
  const lines: Record<string, unknown>[] = [];
  let fastify: FastifyInstance;
  let nestLogger: PinoLogger;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const root = pino({ level: 'info' }, sink);
    // What Nest's Logger writes through: nestjs-pino's PinoLogger, configured as ApiModule configures it.
    nestLogger = new PinoLogger(httpLoggerParams(root));
    fastify = Fastify({ genReqId: (req) => String(req.headers['x-request-id'] ?? 'generated') });
    logRequests(fastify, root);
    fastify.get('/work', async () => {
      await sleep(5); // logged after an await and a timer, as a use case logs after its I/O
      nestLogger.info({ step: 'done' }, 'work finished');
      return { ok: true };
    });
    fastify.get('/quiet', async () => ({ ok: true }));
    fastify.get('/health', async () => ({ status: 'ok' }));
    fastify.get('/refused', async (_request, reply) => reply.status(404).send({ error: 'no' }));
    fastify.get('/broken', async (_request, reply) => reply.status(503).send({ error: 'down' }));
    await fastify.ready();
  });
  afterAll(() => fastify.close());
  beforeEach(() => {
    lines.length = 0;
  });

  const call = async (url: string, requestId: string) => {
    await fastify.inject({ method: 'GET', url, headers: { 'x-request-id': requestId } });
    await sleep(1); // pino writes to its stream on the next tick
  };

  it('when a request is answered, then one "request completed" line gives its id, method, url, status and time', async () => {
    await call('/quiet?signature=secret123&x=1', 'trace-quiet');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      requestId: 'trace-quiet',
      req: { id: 'trace-quiet', method: 'GET', url: '/quiet?signature=REDACTED&x=1' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0].responseTime).toBe('number');
  });

  it('when a line is logged while serving a request, after an await, then it carries the request id and req', async () => {
    await Promise.all([call('/work', 'trace-a'), call('/work', 'trace-b')]);
    const worked = lines.filter((line) => line.msg === 'work finished');
    expect(worked.map((line) => line.requestId).sort()).toEqual(['trace-a', 'trace-b']);
    for (const line of worked) expect((line.req as { id: string }).id).toBe(line.requestId);
  });

  it('when a line is logged outside any request, then it has no request id', async () => {
    nestLogger.info('outside');
    await sleep(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'outside' });
    expect(lines[0]).not.toHaveProperty('requestId');
  });

  it('when a health check passes, then it writes no line', async () => {
    await call('/health', 'trace-health');
    expect(lines).toEqual([]);
  });

  it('when the answer is a 4xx, then the line is a warning; a 5xx, then an error saying "request errored"', async () => {
    await call('/refused', 'trace-404');
    await call('/broken', 'trace-503');
    expect(lines.map((line) => [line.level, line.msg, line.res])).toEqual([
      [40, 'request completed', { statusCode: 404 }],
      [50, 'request errored', { statusCode: 503 }],
    ]);
    expect(lines[1].err).toMatchObject({ message: 'failed with status code 503' });
  });
});
