export * from './api-request.error';
export * from './create-client';
export * from './upload-image';
export * from './wait-for-job';
export type { components, paths } from './generated/api-schema';
