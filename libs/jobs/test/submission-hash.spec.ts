import { describe, expect, it } from 'vitest';
import { SubmitJobCommand } from '../src/use-cases/submit-job/submit-job.command';
import { submissionHashOf } from '../src/use-cases/submit-job/submit-job.use-case';

const submission = (options: ConstructorParameters<typeof SubmitJobCommand>[6]) =>
  submissionHashOf(new SubmitJobCommand(['s3://b/uploads/a.jpg'], 'u1', undefined, 'default', 'r1', 'key', options));

describe('submissionHashOf and tiling', () => {
  it('when one request asks for tiling and the other does not, then they are different requests for one Idempotency-Key', () => {
    expect(submission({ model: 'ssdlite', tiling: true })).not.toBe(submission({ model: 'ssdlite' }));
  });

  it('when a request leaves tiling unset (the API passes false as unset), then its hash is that of a request from before tiling existed', () => {
    expect(submission({ model: 'ssdlite', tiling: undefined })).toBe(submission({ model: 'ssdlite' }));
  });
});
