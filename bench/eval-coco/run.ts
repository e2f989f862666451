/**
 * COCO evaluation of the real service: starts the built self-hosted stack (queue server, worker, API) in a temp
 * DATA_DIR, uploads every image of the dataset through presigned URLs, submits jobs of a few images each, waits
 * for them, and scores the detections with COCO mAP (coco-metric.ts, as pycocotools computes it).
 * Run: npm run build && npm run eval:coco -- --model NAME|all [--dataset DIR] [--min-confidence 0.05] [--tiling]
 * Not part of npm test: the dataset lives outside the repository (../shared), and its images may not be shipped.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type components,
  createImageDetectClient,
  dataOf,
  type ImageDetectClient,
  uploadImage,
  waitForJob,
} from '@app/client';
import { writeResultsSection } from '../results-file';
import { type CocoDataset, loadCocoDataset } from './coco-dataset';
import { AREA_SMALL, type DetectionBox, evaluateCoco } from './coco-metric';
import { type EvalArgs, parseEvalArgs, UsageError } from './eval-args';
import { launchService } from './launch-service';
import { COLUMNS, markdownTable, mergeRows, QUALITY_SECTION, readRows, type Row } from './results-table';

const root = join(__dirname, '../../..');
const resultsPath = join(root, 'bench/RESULTS.md');

/** What this server offers, read from its own OpenAPI document (as the CLI does). */
interface ServerFeatures {
  perRequestModel: boolean;
  perRequestMinConfidence: boolean;
  perRequestMaxDetections: boolean;
  tiling: boolean;
  modelsRoute: boolean;
}

async function featuresOf(api: string): Promise<ServerFeatures> {
  const doc = (await (await fetch(`${api}/docs-json`)).json()) as {
    paths: Record<string, unknown>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const submit = doc.components.schemas.SubmitJobRequest?.properties ?? {};
  return {
    perRequestModel: 'model' in submit,
    perRequestMinConfidence: 'minConfidence' in submit,
    perRequestMaxDetections: 'maxDetections' in submit,
    tiling: 'tiling' in submit,
    modelsRoute: '/models' in doc.paths,
  };
}

/** Model names the server offers (GET /models), or none when it has no such route (one fixed model). */
async function modelsOf(api: string, features: ServerFeatures): Promise<string[]> {
  if (!features.modelsRoute) return [];
  const body = (await (await fetch(`${api}/models`)).json()) as unknown;
  const list = (Array.isArray(body) ? body : ((body as { models?: unknown[] }).models ?? [])) as { name: string }[];
  return [...new Set(list.map((m) => m.name))];
}

interface ModelRun {
  model: string;
  version: string;
  detections: DetectionBox[];
  imagesPerSecond: number;
  unmapped: Set<string>;
  failed: string[];
}

async function runModel(
  client: ImageDetectClient,
  dataset: CocoDataset,
  urls: string[],
  args: EvalArgs,
  features: ServerFeatures,
  model: string | undefined,
): Promise<ModelRun> {
  const chunks: number[][] = [];
  for (let i = 0; i < urls.length; i += args.imagesPerJob)
    chunks.push(Array.from({ length: Math.min(args.imagesPerJob, urls.length - i) }, (_, k) => i + k));
  const start = performance.now();
  const body = (indexes: number[]) => ({
    imageUrls: indexes.map((i) => urls[i]),
    userId: 'eval-coco',
    ...(model && features.perRequestModel && { model }),
    ...(features.perRequestMinConfidence && { minConfidence: args.minConfidence }),
    // COCO counts at most 100 detections per image.
    ...(features.perRequestMaxDetections && { maxDetections: 100 }),
    ...(args.tiling && { tiling: true }),
  });
  const jobs = await Promise.all(
    chunks.map(async (indexes) => {
      const submitted = dataOf(
        'POST /process',
        await client.POST('/process', { body: body(indexes) as components['schemas']['SubmitJobRequest'] }),
      );
      return { indexes, job: await waitForJob(client, submitted.jobId, { intervalMs: 250 }) };
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const detections: DetectionBox[] = [];
  const unmapped = new Set<string>();
  const failed: string[] = [];
  let version = '';
  for (const { indexes, job } of jobs) {
    for (const result of job.detections ?? []) {
      const image = dataset.images[indexes[result.imageIndex]];
      if (result.status !== 'done') {
        failed.push(`${image.fileName}: ${result.error ?? result.status}`);
        continue;
      }
      version ||= result.model ? `${result.model.name} ${result.model.version}` : '';
      if (result.width !== image.width || result.height !== image.height)
        failed.push(
          `${image.fileName}: frame ${result.width}x${result.height}, COCO says ${image.width}x${image.height}`,
        );
      for (const d of result.detections) {
        const categoryId = dataset.categoryIdByName.get(d.label);
        if (categoryId === undefined) {
          unmapped.add(d.label);
          continue;
        }
        const [x1, y1, x2, y2] = d.bbox;
        detections.push({ imageId: image.id, categoryId, bbox: [x1, y1, x2 - x1, y2 - y1], score: d.confidence });
      }
    }
  }
  const [name, modelVersion] = version.split(' ');
  return {
    model: name || model || 'default',
    version: modelVersion ?? '',
    detections,
    imagesPerSecond: urls.length / seconds,
    unmapped,
    failed,
  };
}

const pct = (x: number) => (x * 100).toFixed(1);

async function main(): Promise<void> {
  const args = parseEvalArgs(process.argv.slice(2));
  const dataset = loadCocoDataset(args.dataset);
  // The worker's own threshold is lowered too, for servers without a per-request minConfidence.
  const service = await launchService(root, { MIN_CONFIDENCE: String(args.minConfidence), ...args.env });
  try {
    const client = createImageDetectClient({ baseUrl: service.api });
    const features = await featuresOf(service.api);
    const offered = await modelsOf(service.api, features);
    let models: (string | undefined)[];
    if (args.model === 'all') models = offered.length ? offered : [undefined];
    else if (offered.length && !offered.includes(args.model))
      throw new UsageError(`--model ${args.model} is not offered by this build; it offers: ${offered.join(', ')}`);
    else models = [args.model];
    if (!features.perRequestModel && args.model !== 'all')
      console.log(`this build has one model and no per-request model option: --model ${args.model} runs its model`);
    if (args.tiling && !features.tiling) throw new UsageError('--tiling: this build has no tiling option');
    if (!features.perRequestMinConfidence)
      console.log(`no per-request minConfidence: the worker runs at MIN_CONFIDENCE=${args.minConfidence} instead`);

    const urls: string[] = [];
    for (const image of dataset.images)
      urls.push(
        await uploadImage(client, {
          filename: image.fileName,
          contentType: 'image/jpeg',
          bytes: readFileSync(image.path),
        }),
      );
    console.log(`uploaded ${urls.length} images from ${args.dataset}`);

    const settings = [
      ...(args.tiling ? ['tiling'] : []),
      ...Object.entries(args.env).map(([k, v]) => `${k}=${v}`),
    ].join(' ');
    const rows: Row[] = [];
    for (const model of models) {
      const run = await runModel(client, dataset, urls, args, features, model);
      const all = evaluateCoco(dataset.groundTruth, run.detections);
      const small = evaluateCoco(dataset.groundTruth, run.detections, { area: AREA_SMALL });
      for (const problem of run.failed) console.warn(`  ${problem}`);
      if (run.unmapped.size) console.warn(`  labels not in the dataset's categories: ${[...run.unmapped].join(', ')}`);
      rows.push({
        model: run.model,
        version: run.version,
        settings: settings || 'defaults',
        'mAP@[.5:.95]': pct(all.map),
        'mAP@0.5': pct(all.map50),
        'AR@100': pct(all.recall),
        'mAP small': pct(small.map),
        'AR small': pct(small.recall),
        detections: String(run.detections.length),
        'images/s': run.imagesPerSecond.toFixed(1),
      });
    }
    console.log(`\n${markdownTable(rows)}\n`);
    if (!args.write) return;
    const merged = mergeRows(readRows(resultsPath), rows);
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    writeResultsSection(
      resultsPath,
      QUALITY_SECTION,
      [
        `Last run ${new Date().toISOString()} on ${availableParallelism()} cores, Node ${process.version}; load average after: ${load}.`,
        `${dataset.images.length} images of ${basename(args.dataset)} (${dataset.groundTruth.length} boxes, ${
          dataset.groundTruth.filter((g) => g.iscrowd).length
        } crowd regions ignored), through the real self-hosted service (presigned upload, POST /process with ${
          args.imagesPerJob
        } images per job, the worker, GET /jobs), at confidence >= ${args.minConfidence}.`,
        'Scores as pycocotools computes them (bench/eval-coco/coco-metric.ts): greedy matching by score per image and class, 101-point interpolated precision, averaged over the classes present in the ground truth, crowd regions neither TP nor FP, maxDets 100. "small" = COCO area < 32². Labels map to category ids by name. "settings" = service variables changed from the shipped defaults (the rows compare choices of the defaults), and `tiling` when every job asked for tiled inference (`--tiling`). images/s includes polling and is no throughput figure.',
        '',
        markdownTable(merged),
        '',
        `Command: \`npm run build && npm run eval:coco -- --model all\` (one row per model); a variant: \`--env NAME=VALUE\`; tiled inference: \`--tiling\`.`,
      ].join('\n'),
    );
    console.log(
      `wrote the "${QUALITY_SECTION}" section of ${resultsPath} (${merged.length} rows; columns ${COLUMNS.length})`,
    );
  } finally {
    await service.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
