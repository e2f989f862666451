import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Aspects, IAspect } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readStackConfig } from '../../lib/config/read-stack-config';
import { ImageDetectionStack } from '../../lib/image-detection-stack';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface Synthesized {
  app: App;
  stack: ImageDetectionStack;
  template: Template;
  outdir: string;
  cleanup: () => void;
}

export interface SynthOptions {
  /** Copy assets into the cloud assembly, as `cdk synth` does; off by default to keep tests fast. */
  stageAssets?: boolean;
  /** CDK's built-in CloudFormation schema validation (several seconds); off by default. */
  validate?: boolean;
  /** Aspects applied to the whole app before it is synthesized (cdk-nag's rule packs, say). */
  aspects?: IAspect[];
}

/**
 * Synthesizes the stack the way bin/app.ts does, with the given context. Unless a test sets
 * lambdaZipPath, the Lambda zip is looked up where none exists, so results do not depend on whether
 * `npm run package:lambda` ran before the tests.
 */
export function synth(context: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-test-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: options.validate ?? false,
    context: {
      'aws:cdk:disable-asset-staging': !(options.stageAssets ?? false),
      lambdaZipPath: join(outdir, 'no-such-lambda.zip'),
      ...context,
    },
  });
  const cleanup = () => rmSync(outdir, { recursive: true, force: true });
  try {
    const stack = new ImageDetectionStack(app, 'ImageDetection', {
      config: readStackConfig(app.node),
      repoRoot: REPO_ROOT,
    });
    for (const aspect of options.aspects ?? []) Aspects.of(app).add(aspect);
    return { app, stack, template: Template.fromStack(stack), outdir, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** The logical id of the only resource of `type` whose properties match `predicate`. */
export function logicalIdOf(
  template: Template,
  type: string,
  predicate: (properties: any) => boolean = () => true,
): string {
  const ids = Object.entries(template.findResources(type))
    .filter(([, resource]) => predicate(resource.Properties ?? {}))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`Expected one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0];
}

/** The uploads bucket is the one with CORS rules (the others hold access logs and, optionally, the audit trail). */
export const isUploadsBucket = (properties: any): boolean => properties.CorsConfiguration !== undefined;

export const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
export const ref = (id: string) => ({ Ref: id });
export const joined = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
