import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export const LAMBDA_HANDLER = 'lambda.handler';

export interface LambdaCodeChoice {
  code: lambda.Code;
  usesPlaceholder: boolean;
}

/**
 * The packaged API zip when it exists; otherwise a placeholder, so that `cdk synth` (run by CI before or
 * without packaging) still works offline. deploy.sh sets requireLambdaZip so a real deployment never
 * ships the placeholder.
 */
export function chooseLambdaCode(repoRoot: string, zipPath: string, requireZip: boolean): LambdaCodeChoice {
  const zip = isAbsolute(zipPath) ? zipPath : join(repoRoot, zipPath);
  if (existsSync(zip)) {
    return { code: lambda.Code.fromAsset(zip), usesPlaceholder: false };
  }
  if (requireZip) {
    throw new Error(`Lambda bundle ${zip} not found: run \`npm run package:lambda\` first (requireLambdaZip=true).`);
  }
  const placeholder = join(repoRoot, 'deploy', 'assets', 'lambda-placeholder');
  return { code: lambda.Code.fromAsset(placeholder), usesPlaceholder: true };
}
