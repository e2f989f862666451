import type { SqsServerLogger } from '../logger';
import { SqsError } from './sqs-error';

// Codes and statuses copied from the @aws-sdk/client-sqs model (awsQueryError traits), so `catch` by name works.
const sqs = (name: string) => `AWS.SimpleQueueService.${name}`;

export const queueDoesNotExist = () =>
  new SqsError('QueueDoesNotExist', 'The specified queue does not exist.', sqs('NonExistentQueue'));
export const queueNameExists = (name: string) =>
  new SqsError(
    'QueueNameExists',
    `A queue already exists with the same name and a different value for attribute(s): ${name}`,
    'QueueAlreadyExists',
  );
export const receiptHandleIsInvalid = (handle: string) =>
  new SqsError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
    'ReceiptHandleIsInvalid',
    404,
  );
export const messageNotInflight = () =>
  new SqsError('MessageNotInflight', 'The message referred to is not in flight.', sqs('MessageNotInflight'));
export const invalidParameterValue = (message: string) => new SqsError('InvalidParameterValue', message);
export const missingParameter = (name: string) =>
  new SqsError('MissingParameter', `The request must contain the parameter ${name}.`);
export const invalidAttributeName = (name: string) =>
  new SqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
export const invalidAttributeValue = (message: string) => new SqsError('InvalidAttributeValue', message);
export const invalidMessageContents = (message: string) => new SqsError('InvalidMessageContents', message);
export const tooManyEntriesInBatchRequest = (count: number) =>
  new SqsError(
    'TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
    sqs('TooManyEntriesInBatchRequest'),
  );
export const emptyBatchRequest = () =>
  new SqsError('EmptyBatchRequest', 'There should be at least one entry in the request.', sqs('EmptyBatchRequest'));
export const batchEntryIdsNotDistinct = (id: string) =>
  new SqsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, sqs('BatchEntryIdsNotDistinct'));
export const invalidBatchEntryId = (id: string) =>
  new SqsError(
    'InvalidBatchEntryId',
    `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long: ${id}`,
    sqs('InvalidBatchEntryId'),
  );
export const batchRequestTooLong = (bytes: number) =>
  new SqsError(
    'BatchRequestTooLong',
    `Batch requests cannot be longer than 1048576 bytes. You have sent ${bytes} bytes.`,
    sqs('BatchRequestTooLong'),
  );
export const purgeQueueInProgress = (name: string) =>
  new SqsError(
    'PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    sqs('PurgeQueueInProgress'),
    403,
  );
export const unknownOperation = (operation: string) =>
  new SqsError('UnknownOperationException', `Unknown operation ${operation}.`);
/**
 * The error as the client is told it: an SqsError as it is; anything else is a fault of ours, logged here and
 * answered as a bare InternalError.
 */
export function asSqsError(error: unknown, logger: SqsServerLogger): SqsError {
  if (error instanceof SqsError) return error;
  logger.error(`sqs-server: ${(error as Error)?.stack ?? error}`);
  return new SqsError(
    'InternalError',
    'We encountered an internal error. Please try again.',
    'InternalError',
    500,
    'Receiver',
  );
}
// Refusals before any operation runs. The authentication codes and messages are the ones SQS's Common Errors
// list and AWS answers with; the SDKs take the code from x-amzn-query-error.
export const accessDenied = (reason: string) =>
  new SqsError('AccessDenied', `Access to the resource is denied: ${reason}`, 'AccessDenied', 403);
export const methodNotAllowed = () =>
  new SqsError(
    'MethodNotAllowed',
    'Only POST requests reach the queue API: a GET cannot change a queue (a plain GET / answers for health checks).',
    'MethodNotAllowed',
    405,
  );
export const missingAuthenticationToken = () =>
  new SqsError(
    'MissingAuthenticationToken',
    'Request is missing Authentication Token',
    'MissingAuthenticationToken',
    403,
  );
export const incompleteSignature = (reason: string) =>
  new SqsError('IncompleteSignature', `The request signature does not conform to AWS standards: ${reason}`);
export const invalidClientTokenId = () =>
  new SqsError(
    'InvalidClientTokenId',
    'The security token included in the request is invalid.',
    'InvalidClientTokenId',
    403,
  );
export const signatureDoesNotMatch = () =>
  new SqsError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    'SignatureDoesNotMatch',
    403,
  );
export const requestExpired = (reason: string) => new SqsError('RequestExpired', `Request has expired: ${reason}`);
export const malformedRequest = (message: string) => new SqsError('SerializationException', message);
export const invalidAction = (action: string) =>
  new SqsError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
