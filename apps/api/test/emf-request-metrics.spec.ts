import { describe, expect, it } from 'vitest';
import { EMF_NAMESPACE, EmfRequestMetrics } from '../src/metrics/emf-request-metrics';

describe('EmfRequestMetrics (CloudWatch Embedded Metric Format, for the Lambda API)', () => {
  const emit = (record: { method: string; route: string; status: number; seconds: number }) => {
    const lines: string[] = [];
    new EmfRequestMetrics((line) => lines.push(line)).record(record);
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    return JSON.parse(lines[0]);
  };

  it('when a request is answered, then one JSON line declares Requests, ServerErrors and Latency with every dimension it names present', () => {
    const line = emit({ method: 'GET', route: '/jobs/:jobId', status: 200, seconds: 0.0123 });
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe(EMF_NAMESPACE);
    expect(line._aws.Timestamp).toBeGreaterThan(Date.now() - 60_000);
    // The rules CloudWatch applies: each dimension key and each metric name is a top-level member.
    for (const key of directive.Dimensions.flat()) expect(typeof line[key]).toBe('string');
    for (const metric of directive.Metrics) expect(typeof line[metric.Name]).toBe('number');
    // Service-wide and by status class only: a dimension per route would be a billed metric per route.
    expect(directive.Dimensions).toEqual([[], ['StatusClass']]);
    expect(line).toMatchObject({
      Route: 'GET /jobs/:jobId',
      StatusClass: '2xx',
      Requests: 1,
      ServerErrors: 0,
      Latency: 12.3,
    });
  });

  it('when the answer is a 5xx, then ServerErrors is 1 and the status class says 5xx', () => {
    expect(emit({ method: 'POST', route: '/process', status: 503, seconds: 1 })).toMatchObject({
      StatusClass: '5xx',
      ServerErrors: 1,
      Latency: 1000,
    });
  });
});
