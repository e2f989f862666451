import { SQSClient } from '@aws-sdk/client-sqs';
import { MOTO_CREDENTIALS, MOTO_REGION, startMoto } from '../../../test/support/moto';
import { describeJobQueueContract } from './job-queue.contract';

describeJobQueueContract("moto's SQS", async () => {
  const moto = await startMoto();
  const sqs = new SQSClient({ region: MOTO_REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
  return {
    sqs,
    async close() {
      sqs.destroy();
      await moto.close();
    },
  };
});
