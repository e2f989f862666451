import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { banner } from './banner';
import { Service, startService, waitUntilReady } from './child-process';

/**
 * `npm start`: the whole self-hosted service in one command. The queue server, the worker and the API run as
 * separate processes, exactly as they would on separate machines, so inference never competes with the API's
 * event loop. If one of them dies, the others are stopped and the launcher exits non-zero.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.queue.mode !== 'self-hosted')
    throw new Error(
      'npm start runs the self-hosted stack; with SQS_QUEUE_URL set, use npm run start:api and npm run start:worker',
    );
  const host = (h: string) => (h === '0.0.0.0' ? '127.0.0.1' : h);
  const apps = join(__dirname, '..', '..');
  const queueEndpoint = `http://${host(config.queue.selfHosted.host)}:${config.queue.selfHosted.port}`;
  const services: Service[] = [
    {
      name: 'queue',
      script: join(apps, 'queue/src/main.js'),
      readyUrl: `${queueEndpoint}/health`,
    },
    {
      name: 'worker',
      script: join(apps, 'worker/src/main.js'),
      readyUrl: `http://${host(config.worker.host)}:${config.worker.healthPort}/health`,
    },
    {
      name: 'api',
      script: join(apps, 'api/src/main.js'),
      readyUrl: `http://${host(config.api.host)}:${config.api.port}/health`,
    },
  ];

  const running: ChildProcess[] = [];
  let stopping = false;
  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    // Stop in reverse order: the API first (no new jobs), the queue last (workers finish and acknowledge).
    const children = [...running].reverse();
    const next = () => {
      const child = children.shift();
      if (!child) return process.exit(exitCode);
      if (child.exitCode !== null) return next();
      child.once('exit', next);
      child.kill('SIGTERM');
    };
    next();
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  // The AWS SDK warns once per process that its 2027 releases need Node 22; say it once here instead of thrice.
  if (Number(process.versions.node.split('.')[0]) < 22)
    console.warn(
      'note: AWS SDK releases from January 2027 need Node >= 22; this build pins SDK versions that run on Node 20.',
    );
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...queueClientKey() };
  for (const service of services) {
    const child = startService(service, env);
    running.push(child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${service.name} stopped unexpectedly (${signal ?? `code ${code}`}); stopping the others`);
      stopAll(1);
    });
    try {
      await waitUntilReady(service, child);
    } catch (error) {
      console.error(error.message);
      return stopAll(1);
    }
  }

  // Started one after the other; before saying "running", every part must answer at the same time.
  try {
    await Promise.all(services.map((service, i) => waitUntilReady(service, running[i], 10_000)));
  } catch (error) {
    console.error(error.message);
    return stopAll(1);
  }
  console.log(banner(config, { queue: `${queueEndpoint}/`, workerHealth: services[1].readyUrl }));
}

/**
 * With QUEUE_ACCESS_KEY_ID and QUEUE_SECRET_ACCESS_KEY set, the queue server accepts only requests signed with that
 * pair; the API and the worker sign with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (as every AWS SDK does), so they
 * get the same pair. Without it nothing is checked and nothing is set.
 */
function queueClientKey(): Record<string, string> {
  const { QUEUE_ACCESS_KEY_ID: accessKeyId, QUEUE_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  if (!accessKeyId || !secretAccessKey) return {};
  return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
