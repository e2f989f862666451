/** The queue name of an SQS queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function queueNameOf(queueUrl: string): string {
  const name = new URL(queueUrl).pathname.split('/').filter(Boolean).pop();
  if (!name) throw new Error(`SQS_QUEUE_URL ${queueUrl} names no queue`);
  return name;
}
