import { Logger } from '@nestjs/common';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry, ObjectDetector } from '@app/detection';
import { FIXTURES, REPO_ROOT } from '../../../test/support/test-env';
import { OnnxImageDetector } from '../src/adapters/onnx/onnx-image-detector';
import { RegistryModelCatalog } from '../src/adapters/registry/registry-model-catalog';
import { ProcessJobCommand } from '../src/use-cases/process-job/process-job.command';
import { ProcessJobUseCase } from '../src/use-cases/process-job/process-job.use-case';
import { SubmitJobCommand } from '../src/use-cases/submit-job/submit-job.command';
import { SubmitJobUseCase } from '../src/use-cases/submit-job/submit-job.use-case';
import { startUseCaseParts, UseCaseParts } from './support/use-case-parts';

Logger.overrideLogger(false);

const SSDLITE = join(REPO_ROOT, 'models/ssdlite/1');

/** Copies SSDLite into <dir>/mine/<version>/ as a version of a model of one's own. */
function addVersion(dir: string, version: string): void {
  const folder = join(dir, 'mine', version);
  mkdirSync(folder, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(SSDLITE, 'model.json'), 'utf8'));
  writeFileSync(join(folder, 'model.json'), JSON.stringify({ ...manifest, name: 'mine', version }));
  copyFileSync(join(SSDLITE, manifest.file), join(folder, manifest.file));
}

describe('model versions across a job’s life (real store, queue, registry and detector)', () => {
  let parts: UseCaseParts;
  let userDir: string;
  let registry: ModelRegistry;
  let detector: OnnxImageDetector;

  beforeAll(async () => {
    parts = await startUseCaseParts('model-versions');
    userDir = join(parts.dataDir, 'my-models');
    addVersion(userDir, '1');
    // Every lookup rescans (as one does once its last scan is 10 s old): no waiting in the test.
    registry = await ModelRegistry.open({ ...parts.options.models, userDir, rescanAfterMs: 0 });
    detector = new OnnxImageDetector(await ObjectDetector.create({ registry, poolSize: 1 }));
    await parts.storage.write('uploads/chelsea.png', readFileSync(join(FIXTURES, 'chelsea.png')), {
      contentType: 'image/png',
    });
  });
  afterAll(async () => {
    await detector?.onModuleDestroy();
    await parts?.close();
  });

  it('when a new version is dropped in after a job was accepted, then new jobs get it and the first job still runs the version it was given', async () => {
    const submit = new SubmitJobUseCase(
      parts.store,
      parts.queue,
      parts.storage,
      parts.options.submit,
      new RegistryModelCatalog(registry, parts.options.models.defaults),
    );
    const process = new ProcessJobUseCase(parts.store, parts.storage, detector, parts.options.process);
    const command = () =>
      new SubmitJobCommand([parts.url('uploads/chelsea.png')], 'versions', undefined, 'default', undefined, undefined, {
        model: 'mine',
      });

    const first = await submit.execute(command());
    expect(first.options?.model).toBe('mine@1');
    addVersion(userDir, '2'); // no restart: the registry finds it when it next scans
    const second = await submit.execute(command());
    expect(second.options?.model).toBe('mine@2');

    for (const job of [first, second]) await process.execute(new ProcessJobCommand(job.jobId, 1));
    const results = await Promise.all([first, second].map(async (job) => (await parts.store.get(job.jobId))!.results!));
    expect(results.map(([image]) => image.model)).toEqual([
      { name: 'mine', version: '1' },
      { name: 'mine', version: '2' },
    ]);
    expect(results.every(([image]) => image.detections[0].label === 'cat')).toBe(true);
  });
});
