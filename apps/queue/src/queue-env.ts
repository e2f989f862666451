import { LOG_LEVELS } from '@app/core';
import type { SyncMode } from '@app/sqs-server';
import Joi from 'joi';

export interface QueueEnv {
  port: number;
  host: string;
  dataDir: string;
  accountId: string;
  region: string;
  baseUrl?: string;
  sync: SyncMode;
  logLevel: string;
}

const schema = Joi.object({
  QUEUE_PORT: Joi.number().integer().min(0).max(65535).default(9324),
  QUEUE_HOST: Joi.string().hostname().default('127.0.0.1'),
  DATA_DIR: Joi.string().min(1).default('./data'),
  QUEUE_ACCOUNT_ID: Joi.string()
    .pattern(/^\d{12}$/)
    .message('QUEUE_ACCOUNT_ID must be 12 digits')
    .default('000000000000'),
  AWS_REGION: Joi.string()
    .pattern(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .message('AWS_REGION must look like us-east-1')
    .default('us-east-1'),
  QUEUE_BASE_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  QUEUE_SYNC: Joi.string().valid('normal', 'full').default('normal'),
  LOG_LEVEL: Joi.string()
    .valid(...LOG_LEVELS)
    .default('info'),
}).unknown(true);

/** Reads and validates the queue server's environment; throws one message naming every bad variable. */
export function readQueueEnv(env: NodeJS.ProcessEnv): QueueEnv {
  const { error, value } = schema.validate(env, { abortEarly: false, convert: true });
  if (error)
    throw new Error(`Invalid queue configuration: ${error.details.map((detail) => detail.message).join('; ')}`);
  return {
    port: value.QUEUE_PORT,
    host: value.QUEUE_HOST,
    dataDir: value.DATA_DIR,
    accountId: value.QUEUE_ACCOUNT_ID,
    region: value.AWS_REGION,
    baseUrl: value.QUEUE_BASE_URL,
    sync: value.QUEUE_SYNC,
    logLevel: value.LOG_LEVEL,
  };
}
