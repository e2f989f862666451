import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/synth';

const script = (name: string) => join(REPO_ROOT, 'deploy', 'scripts', name);

describe('deploy scripts', () => {
  it.each(['package-lambda.sh', 'deploy.sh'])(
    'when %s is checked by bash -n, then it parses and is executable',
    (name) => {
      const check = spawnSync('bash', ['-n', script(name)], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
      expect(() => accessSync(script(name), constants.X_OK)).not.toThrow();
    },
  );

  it('when deploy.sh deploys, then it packages the Lambda first and forbids the placeholder', () => {
    const text = readFileSync(script('deploy.sh'), 'utf8');
    expect(text.indexOf('deploy/scripts/package-lambda.sh')).toBeGreaterThan(-1);
    expect(text.indexOf('deploy/scripts/package-lambda.sh')).toBeLessThan(text.indexOf('npx cdk deploy'));
    expect(text).toContain('-c requireLambdaZip=true');
  });

  it('when no AWS credentials are available, then deploy.sh stops before packaging or deploying and says why', () => {
    const environment: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
    };
    const run = spawnSync(script('deploy.sh'), [], { encoding: 'utf8', env: environment, timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no usable AWS credentials');
    expect(run.stdout).not.toContain('Lambda bundle');
  });
});
