import { SQSClient } from '@aws-sdk/client-sqs';
import { startSqsServer } from '@app/sqs-server';
import { tempDataDir } from '../../../test/support/test-env';
import { describeJobQueueContract } from './job-queue.contract';

describeJobQueueContract("the project's own queue server", async () => {
  const data = tempDataDir('queue-contract');
  const server = await startSqsServer({ dataDir: data.dir, port: 0 });
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  return {
    sqs,
    async close() {
      sqs.destroy();
      await server.close();
      data.remove();
    },
  };
});
