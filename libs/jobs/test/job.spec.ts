import { describe, expect, it } from 'vitest';
import { newJob } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';

describe('newJob', () => {
  const now = new Date('2026-11-28T21:00:00.123Z');

  it('when a job is created, then it is PENDING with no attempts and both timestamps at creation time', () => {
    const job = newJob({ jobId: 'j-1', imageUrls: ['s3://b/a.png', 's3://b/b.png'] }, now);
    expect(job).toEqual({
      jobId: 'j-1',
      tenantId: 'default',
      status: JobStatus.PENDING,
      imageUrls: ['s3://b/a.png', 's3://b/b.png'],
      imageCount: 2,
      createdAt: '2026-11-28T21:00:00.123Z',
      updatedAt: '2026-11-28T21:00:00.123Z',
      attempts: 0,
    });
  });

  it('when a user and metadata are given, then the job keeps them', () => {
    const job = newJob(
      { jobId: 'j-2', imageUrls: ['s3://b/a.png'], userId: 'user123', metadata: { source: 'mobile-app' } },
      now,
    );
    expect(job.userId).toBe('user123');
    expect(job.metadata).toEqual({ source: 'mobile-app' });
  });

  it('when a tenant is given, then the job belongs to it; without one, to the default tenant', () => {
    expect(newJob({ jobId: 'j-5', tenantId: 'acme', imageUrls: ['s3://b/a.png'] }, now).tenantId).toBe('acme');
    expect(newJob({ jobId: 'j-6', imageUrls: ['s3://b/a.png'] }, now).tenantId).toBe('default');
  });

  it('when a job is created, then it has neither results nor an error yet', () => {
    const job = newJob({ jobId: 'j-3', imageUrls: ['s3://b/a.png'] }, now);
    expect(job.results).toBeUndefined();
    expect(job.error).toBeUndefined();
  });

  it('when the clock is not in UTC, then the timestamps are still ISO-8601 UTC', () => {
    const job = newJob({ jobId: 'j-4', imageUrls: ['s3://b/a.png'] }, new Date('2026-03-31T23:30:00-05:00'));
    expect(job.createdAt).toBe('2026-04-01T04:30:00.000Z');
  });
});
