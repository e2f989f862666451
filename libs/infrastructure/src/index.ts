// The shapes of the AWS resources, as plain data: no AWS SDK or CDK import, so that the CDK app (deploy/), the
// provisioning script (apps/aws-init) and the adapters (libs/jobs, libs/storage) can all read one definition.
export * from './jobs-table.shape';
export * from './job-queues.shape';
export * from './upload-bucket.shape';
