import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './support/dockerfile';
import { REPO_ROOT } from './support/synth';

// No Docker engine here: these tests hold the compose file and the unit to the properties the README promises.
const compose = load(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as any;
const services = compose.services as Record<string, any>;
const { stages } = parseDockerfile(join(REPO_ROOT, 'Dockerfile'));
const runtime = stages[stages.length - 1];
const unit = readFileSync(join(REPO_ROOT, 'deploy', 'selfhosted', 'image-detection.service'), 'utf8');
const unitValue = (key: string) =>
  unit
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));

describe('docker-compose.yml', () => {
  it('when read, then it runs the queue, the worker and the API from the repository Dockerfile, one image with three commands', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'queue', 'worker']);
    const images = new Set(Object.values(services).map((s) => s.image));
    expect(images.size).toBe(1);
    for (const service of Object.values(services)) expect(service.build).toBe('.');
    expect(services.queue.command).toEqual(['node', 'dist/apps/queue/src/main.js']);
    expect(services.worker.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
    expect(services.api.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    // Every command runs what the image's build stage compiled.
    expect(runtime.instructions.map((i) => i.args)).toContain('--from=build /app/dist ./dist');
  });

  it('when read, then DATA_DIR is one named volume shared by all three, inside the image’s writable /app/data', () => {
    expect(Object.keys(compose.volumes)).toEqual(['data']);
    for (const service of Object.values(services)) {
      expect(service.volumes).toEqual(['data:/app/data']);
      expect(service.environment.DATA_DIR).toBe('/app/data');
    }
    expect(runtime.instructions.map((i) => i.args)).toContain('mkdir -p /app/data && chown node:node /app/data');
  });

  it('when read, then the API and the worker find the queue by its service name, and the queue answers to that name', () => {
    expect(services.api.environment.QUEUE_HOST).toBe('queue');
    expect(services.worker.environment.QUEUE_HOST).toBe('queue');
    expect(services.queue.environment).toMatchObject({ QUEUE_HOST: '0.0.0.0', QUEUE_BASE_URL: 'http://queue:9324' });
    expect(services.api.depends_on.queue.condition).toBe('service_healthy');
    expect(services.worker.depends_on.queue.condition).toBe('service_healthy');
  });

  it('when read, then ports are published on loopback only, so an API without keys (AUTH=none) is not on the network', () => {
    const ports = Object.values(services).flatMap((s) => s.ports);
    expect(ports.sort()).toEqual(['127.0.0.1:3000:3000', '127.0.0.1:3001:3001', '127.0.0.1:9324:9324']);
    expect(services.api.environment.PUBLIC_URL).toBe('http://127.0.0.1:3000');
  });

  it('when read, then the API health check asks liveness, and the worker keeps the image’s (liveness too)', () => {
    expect(services.api.healthcheck.test.join(' ')).toContain('/health/live');
    expect(services.worker.healthcheck).toBeUndefined();
    expect(services.queue.healthcheck.test.join(' ')).toContain('http://127.0.0.1:9324/');
    expect(runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')!.args).toContain('/health/live');
  });

  it('when read, then the worker gets longer to stop than its drain timeout (WORKER_STOP_TIMEOUT_SECONDS, 25 s)', () => {
    expect(Number.parseInt(services.worker.stop_grace_period, 10)).toBeGreaterThan(25);
  });
});

describe('deploy/selfhosted/image-detection.service (systemd)', () => {
  it('when read, then it starts the built dist directly (no build, no npm), with DATA_DIR in its state directory', () => {
    expect(unitValue('ExecStart')).toEqual(['/usr/bin/node dist/apps/selfhosted/src/main.js']);
    expect(unitValue('StateDirectory')).toEqual(['image-detection']);
    expect(unitValue('Environment')).toContain('DATA_DIR=/var/lib/image-detection');
    expect(unitValue('EnvironmentFile')).toEqual(['-/etc/image-detection.env']);
  });

  it('when read, then it stops with SIGTERM to the launcher, gives the worker time to drain, restarts on failure and runs unprivileged', () => {
    expect(unitValue('KillSignal')).toEqual(['SIGTERM']);
    expect(unitValue('KillMode')).toEqual(['mixed']);
    expect(Number(unitValue('TimeoutStopSec')[0])).toBeGreaterThan(25);
    expect(unitValue('Restart')).toEqual(['on-failure']);
    expect(unitValue('User')).toEqual(['image-detection']);
    expect(unitValue('ProtectSystem')).toEqual(['strict']);
    expect(unitValue('NoNewPrivileges')).toEqual(['true']);
  });
});
