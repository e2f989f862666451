#!/usr/bin/env node
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readStackConfig } from '../lib/config/read-stack-config';
import { ImageDetectionStack } from '../lib/image-detection-stack';
import { findRepoRoot } from '../lib/repo-root';

// Env-agnostic on purpose: no account or region is looked up, so synth works offline without credentials.
// CloudFormation schema violations found by CDK's built-in validator fail the synth instead of warning.
const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
const stackName = app.node.tryGetContext('stackName') ?? 'ImageDetection';
new ImageDetectionStack(app, String(stackName), {
  config: readStackConfig(app.node),
  repoRoot: findRepoRoot(__dirname),
  description: 'Asynchronous image detection: API Gateway + Lambda API, SQS queue, ECS Fargate ONNX workers',
});
// cdk-nag's AwsSolutions pack: an unsuppressed finding is an error that fails `cdk synth` and `cdk deploy`.
Aspects.of(app).add(new AwsSolutionsChecks({ reports: false }));
app.synth();
