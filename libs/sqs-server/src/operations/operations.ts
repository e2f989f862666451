import { changeMessageVisibility, changeMessageVisibilityBatch } from './change-message-visibility';
import { createQueue } from './create-queue';
import { deleteMessage, deleteMessageBatch } from './delete-message';
import { getQueueUrl } from './get-queue-url';
import { deleteQueue, listDeadLetterSourceQueues, listQueues, purgeQueue } from './manage-queues';
import { getQueueAttributes, setQueueAttributes } from './queue-attributes';
import { addPermission, removePermission } from './permissions';
import { receiveMessage } from './receive-message';
import { sendMessage } from './send-message';
import { sendMessageBatch } from './send-message-batch';
import type { Operation } from './sqs-context';
import { listQueueTags, tagQueue, untagQueue } from './tags';

/** Every SQS operation this server answers, by its wire name. */
export const OPERATIONS: Record<string, Operation> = {
  CreateQueue: createQueue,
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  DeleteQueue: deleteQueue,
  GetQueueAttributes: getQueueAttributes,
  SetQueueAttributes: setQueueAttributes,
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  ReceiveMessage: receiveMessage,
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
  PurgeQueue: purgeQueue,
  ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
  ListQueueTags: listQueueTags,
  AddPermission: addPermission,
  RemovePermission: removePermission,
};
