import { describe, expect, it } from 'vitest';
import { canTransition, isTerminal, JobStatus, statusesAllowedBefore } from '../src/domain/job-status';

const { PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED } = JobStatus;
const ALL = [PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED];

const LEGAL: [JobStatus, JobStatus][] = [
  [PENDING, PROCESSING],
  [PENDING, FAILED],
  [PROCESSING, PROCESSING],
  [PROCESSING, COMPLETED],
  [PROCESSING, FAILED],
  [PENDING, CANCELLED],
  [PROCESSING, CANCELLED],
];
const isLegal = (from: JobStatus, to: JobStatus) => LEGAL.some(([f, t]) => f === from && t === to);
const ILLEGAL = ALL.flatMap((from) => ALL.map((to) => [from, to] as [JobStatus, JobStatus])).filter(
  ([f, t]) => !isLegal(f, t),
);

describe('job status machine', () => {
  it.each(LEGAL)('when a job moves from %s to %s, then the move is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(ILLEGAL)('when a job would move from %s to %s, then the move is refused', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('when every pair is checked, then exactly eighteen moves are refused', () => {
    // Guards the table above: a new status or a new edge must be reflected in these tests.
    expect(ILLEGAL).toHaveLength(18);
  });

  it.each([COMPLETED, FAILED, CANCELLED])('when a job is %s, then it is terminal', (status) => {
    expect(isTerminal(status)).toBe(true);
  });

  it.each([PENDING, PROCESSING])('when a job is %s, then it is not terminal', (status) => {
    expect(isTerminal(status)).toBe(false);
  });

  it('when asking which statuses may precede each target, then the answer matches the legal moves', () => {
    expect(statusesAllowedBefore(PENDING)).toEqual([]);
    expect(statusesAllowedBefore(PROCESSING).sort()).toEqual([PENDING, PROCESSING].sort());
    expect(statusesAllowedBefore(COMPLETED)).toEqual([PROCESSING]);
    expect(statusesAllowedBefore(FAILED).sort()).toEqual([PENDING, PROCESSING].sort());
    expect(statusesAllowedBefore(CANCELLED).sort()).toEqual([PENDING, PROCESSING].sort());
  });

  it('when asking which statuses may precede a target, then no terminal status is ever among them', () => {
    for (const to of ALL) expect(statusesAllowedBefore(to).filter(isTerminal)).toEqual([]);
  });
});
