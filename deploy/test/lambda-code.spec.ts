import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, synth } from './support/synth';

const placeholderHandler = require(join(REPO_ROOT, 'deploy', 'assets', 'lambda-placeholder', 'lambda.js')).handler;

describe('Lambda code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-zip-'));
  const zip = join(dir, 'lambda-deployment.zip');
  writeFileSync(zip, 'PK\u0005\u0006' + '\u0000'.repeat(18)); // an empty zip archive
  const packaged = synth({ lambdaZipPath: zip });
  const missing = synth();
  afterAll(() => {
    packaged.cleanup();
    missing.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const assetsOf = (synthesized: ReturnType<typeof synth>) =>
    Object.values(require(join(synthesized.outdir, 'ImageDetection.assets.json')).files) as any[];

  it('when the packaged zip exists, then it is the function code, uploaded as it is', () => {
    const sources = assetsOf(packaged).map((asset) => asset.source);
    expect(sources).toContainEqual({ path: zip, packaging: 'file' });
    Annotations.fromStack(packaged.stack).hasNoWarning('*', Match.stringLikeRegexp('placeholder'));
  });

  it('when the zip is missing, then a placeholder directory is zipped instead and the synth warns', () => {
    const sources = assetsOf(missing).map((asset) => asset.source);
    expect(sources).toContainEqual({
      path: join(REPO_ROOT, 'deploy', 'assets', 'lambda-placeholder'),
      packaging: 'zip',
    });
    Annotations.fromStack(missing.stack).hasWarning(
      '/ImageDetection/ApiFunction',
      Match.stringLikeRegexp('placeholder that answers 503'),
    );
  });

  it('when the zip is missing and requireLambdaZip=true, then the synth fails and names the packaging command', () => {
    expect(() => synth({ requireLambdaZip: 'true', lambdaZipPath: join(dir, 'absent.zip') })).toThrow(
      /npm run package:lambda/,
    );
  });

  it('when the placeholder is invoked, then it answers 503 with what to do', async () => {
    const response = await placeholderHandler({ httpMethod: 'GET', path: '/health' });
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).message).toContain('package:lambda');
  });
});
