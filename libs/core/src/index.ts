export * from './app-error';
export * from './with-timeout';
