export * from './app-error';
export * from './with-timeout';
export * from './render-table';
export * from './log-output';
