import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synth } from './support/synth';

describe('CloudFormation schema validation', () => {
  // Every optional part switched on, so the validator sees every resource type the stack can produce.
  const synthesized = synth({ enableCloudTrail: 'true', alarmEmail: 'ops@example.com' }, { validate: true });
  afterAll(() => synthesized.cleanup());

  it("when synthesized with CDK's built-in validator, then the template has no schema violation", () => {
    const report = JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap((plugin: any) => plugin.violations ?? []);
    expect(violations).toEqual([]);
  });
});
