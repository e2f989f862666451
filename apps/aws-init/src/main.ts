import { loadConfig } from '@app/config';
import { initAwsResources } from './init-aws-resources';

/** `npm run aws:init`: provisions the AWS-mode resources the environment names, then exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const done = await initAwsResources(config, { log: (line) => console.log(line) });
  if (done === 0) {
    console.error(
      'aws:init has nothing to create: set S3_BUCKET, JOBS_TABLE_NAME and/or SQS_QUEUE_URL (see the README, "AWS mode")',
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`aws:init failed: ${error.message ?? error}`);
  process.exit(1);
});
