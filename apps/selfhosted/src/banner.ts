import { AppConfig } from '@app/config';

/** What `npm start` prints once every part answers its health check: where to go next. */
export function banner(config: AppConfig, urls: { queue: string; workerHealth: string }): string {
  const api = config.api.publicUrl;
  const rule = '─'.repeat(72);
  return [
    '',
    rule,
    'Self-hosted image detection is running:',
    ...(config.api.demoPage ? [`  demo    ${api}/  (drop photos, see the boxes)`] : []),
    `  API     ${api}  (Swagger UI ${api}/docs)`,
    `  queue   ${urls.queue}  (SQS-compatible; jobs queue ${config.queue.queueUrl})`,
    `  worker  ${config.worker.inferenceThreads} inference thread(s); health ${urls.workerHealth}`,
    `  data    ${config.dataDir}`,
    `  CLI     npx image-detect detect photo.jpg --server ${api}`,
    'Press Ctrl+C to stop.',
    rule,
    '',
  ].join('\n');
}
