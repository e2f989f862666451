/** The SQSClient shared by the producer, the worker's consumer and health checks. */
export const SQS_CLIENT = Symbol('SQSClient');
