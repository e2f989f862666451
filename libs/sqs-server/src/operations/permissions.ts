import { invalidParameterValue, missingParameter } from '../errors/errors';
import { SqsError } from '../errors/sqs-error';
import { optionalStringList, requiredString, type Input } from '../input/read-input';
import type { Queue } from '../queues/queue';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

// The actions AddPermission may grant (SendMessage, DeleteMessage and ChangeMessageVisibility cover their batches).
const ACTIONS = new Set([
  '*',
  'SendMessage',
  'ReceiveMessage',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'GetQueueAttributes',
  'GetQueueUrl',
  'ListDeadLetterSourceQueues',
  'PurgeQueue',
]);
const MAX_ACTIONS = 7;
const LABEL = /^[A-Za-z0-9_-]{1,80}$/;

interface Statement {
  Sid: string;
  Effect: string;
  Principal: { AWS: string[] };
  Action: string[];
  Resource: string;
}
interface Policy {
  Version: string;
  Id: string;
  Statement: Statement[];
}

const overLimit = (count: number) =>
  new SqsError('OverLimit', `${count} Actions were found, maximum allowed is ${MAX_ACTIONS}.`, 'OverLimit', 403);

/** AddPermission: adds an Allow statement labelled `Label` to the queue's Policy, as SQS generates it. */
export function addPermission(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const label = checkLabel(input);
  const accounts = optionalStringList(input, 'AWSAccountIds');
  if (accounts.length === 0) throw missingParameter('AWSAccountIds');
  for (const account of accounts)
    if (!/^\d{12}$/.test(account))
      throw invalidParameterValue(`Value ${account} for parameter AWSAccountId is invalid. Reason: must be 12 digits.`);
  const actions = optionalStringList(input, 'Actions');
  if (actions.length === 0) throw missingParameter('Actions');
  if (actions.length > MAX_ACTIONS) throw overLimit(actions.length);
  for (const action of actions)
    if (!ACTIONS.has(action))
      throw invalidParameterValue(
        `Value SQS:${action} for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.`,
      );
  const policy = policyOf(queue);
  if (policy.Statement.some((statement) => statement.Sid === label))
    throw invalidParameterValue(`Value ${label} for parameter Label is invalid. Reason: Already exists.`);
  policy.Statement.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: accounts.map((account) => `arn:aws:iam::${account}:root`) },
    Action: actions.map((action) => `SQS:${action}`),
    Resource: queue.arn,
  });
  savePolicy(ctx, queue, policy);
  return {};
}

/** RemovePermission: removes the statement labelled `Label`; the Policy goes when its last statement does. */
export function removePermission(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const label = checkLabel(input);
  const policy = policyOf(queue);
  const kept = policy.Statement.filter((statement) => statement.Sid !== label);
  if (kept.length === policy.Statement.length)
    throw invalidParameterValue(
      `Value ${label} for parameter Label is invalid. Reason: can't find label on existing policy.`,
    );
  savePolicy(ctx, queue, { ...policy, Statement: kept });
  return {};
}

function checkLabel(input: Input): string {
  const label = requiredString(input, 'Label');
  if (!LABEL.test(label))
    throw invalidParameterValue(
      `Value ${label} for parameter Label is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.`,
    );
  return label;
}

function policyOf(queue: Queue): Policy {
  const text = queue.attributes.Policy;
  const parsed = text ? (JSON.parse(text) as Partial<Policy>) : {};
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  return {
    Version: parsed.Version ?? '2012-10-17',
    Id: parsed.Id ?? `${queue.arn}/SQSDefaultPolicy`,
    Statement: statements,
  };
}

function savePolicy(ctx: SqsContext, queue: Queue, policy: Policy): void {
  const attributes = { ...queue.attributes };
  if (policy.Statement.length > 0) attributes.Policy = JSON.stringify(policy);
  else delete attributes.Policy;
  ctx.queues.setAttributes(queue, attributes, Date.now());
}
