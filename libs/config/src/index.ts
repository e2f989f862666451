export * from './app-config';
export * from './load-config';
export * from './module-options';
export * from './queue-server-config';
