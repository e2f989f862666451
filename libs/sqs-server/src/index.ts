export { startSqsServer, type SqsServer, type SqsServerOptions } from './start-sqs-server';
export type { SqsServerLogger } from './logger';
export type { SyncMode } from './store/open-database';
