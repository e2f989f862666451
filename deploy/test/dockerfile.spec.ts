import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKER_HEALTH_COMMAND } from '../lib/constructs/worker-service';
import { parseDockerfile, Stage } from './support/dockerfile';
import { REPO_ROOT, synth } from './support/synth';

const { args, stages } = parseDockerfile(join(REPO_ROOT, 'Dockerfile'));
const runtime = stages[stages.length - 1];
const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const stageNamed = (name: string) => stages.find((stage) => stage.name === name)!;
/** A stage's instructions plus those of the stages it is built FROM. */
const lineage = (stage: Stage): Stage[] => {
  const parent = stages.find((candidate) => candidate.name === stage.from);
  return parent ? [...lineage(parent), stage] : [stage];
};

describe('worker Dockerfile', () => {
  it('when read, then every stage descends from node:22-bookworm-slim (Node 20 is past its end of life)', () => {
    expect(args).toContainEqual({ keyword: 'ARG', args: 'NODE_IMAGE=node:22-bookworm-slim' });
    for (const stage of stages) expect(lineage(stage)[0].from).toBe('${NODE_IMAGE}');
  });

  it('when read, then it is multi-stage: the build stage compiles with all dependencies, the runtime stage copies the results', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['base', 'toolchain', 'build', 'prod-deps', 'runtime']);
    expect(all(stageNamed('build'), 'RUN')).toEqual(['npm ci', 'npm run build']);
    expect(all(runtime, 'COPY')).toEqual(
      expect.arrayContaining(['--from=prod-deps /app/node_modules ./node_modules', '--from=build /app/dist ./dist']),
    );
  });

  it('when read, then runtime dependencies come from npm ci --omit=dev and the runtime stage never installs dev dependencies', () => {
    expect(all(stageNamed('prod-deps'), 'RUN').join(' ')).toMatch(/^npm ci --omit=dev /);
    expect(
      lineage(runtime)
        .flatMap((stage) => all(stage, 'RUN'))
        .join(' '),
    ).not.toMatch(/npm (ci|install)/);
  });

  it('when read, then the runtime stage descends from base only, so no compiler reaches the final image', () => {
    expect(lineage(runtime).map((stage) => stage.name)).toEqual(['base', 'runtime']);
    expect(
      lineage(runtime)
        .flatMap((stage) => all(stage, 'RUN'))
        .join(' '),
    ).not.toMatch(/apt-get|g\+\+|make/);
  });

  it('when read, then npm ci skips the ONNX Runtime CUDA download in every stage that installs', () => {
    for (const name of ['build', 'prod-deps']) {
      const env = lineage(stageNamed(name))
        .flatMap((stage) => all(stage, 'ENV'))
        .join(' ');
      expect(env).toContain('ONNXRUNTIME_NODE_INSTALL=skip');
    }
  });

  it('when read, then the runtime stage runs as the unprivileged node user with the models baked in', () => {
    const users = all(runtime, 'USER');
    expect(users).toEqual(['node']);
    expect(all(runtime, 'COPY')).toContain('models ./models');
    // The registry is models/ under the working directory: no MODEL_PATH (refused since the registry).
    expect(lineage(runtime).flatMap((stage) => all(stage, 'WORKDIR'))).toContain('/app');
    expect(all(runtime, 'ENV').join(' ')).not.toContain('MODEL_PATH');
    const userIndex = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    const cmdIndex = runtime.instructions.findIndex((i) => i.keyword === 'CMD');
    expect(userIndex).toBeLessThan(cmdIndex);
  });

  it('when read, then it stops on SIGTERM, health-checks liveness (GET /health/live) like ECS does, and starts the compiled worker', () => {
    expect(all(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
    const [healthcheck] = all(runtime, 'HEALTHCHECK');
    const [, options, command] = /^(.*?)CMD (\[.*\])$/.exec(healthcheck)!;
    expect(options).toContain('--start-period=60s');
    expect(JSON.parse(command)).toEqual(WORKER_HEALTH_COMMAND.slice(1));
    expect(command).toContain("'/health/live'");
    expect(JSON.parse(all(runtime, 'CMD')[0])).toEqual(['node', 'dist/apps/worker/src/main.js']);
  });

  it('when the build compiles apps/worker/src/main.ts, then CMD runs its output', () => {
    // tsconfig.build.json keeps the source layout under dist/ (apps/worker/src/main.ts -> dist/apps/worker/src/main.js).
    expect(existsSync(join(REPO_ROOT, 'apps', 'worker', 'src', 'main.ts'))).toBe(true);
    const build = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8')).compilerOptions;
    expect({ outDir: build.outDir, rootDir: build.rootDir }).toEqual({ outDir: './dist', rootDir: './' });
  });

  it('when read, then every file copied from the build context exists in the repository', () => {
    const sources = stages
      .flatMap((stage) => all(stage, 'COPY'))
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(' ').slice(0, -1));
    expect(sources.sort()).toEqual(
      [
        'apps',
        'libs',
        'models',
        'package-lock.json',
        'package.json',
        'package.json',
        'tsconfig.build.json',
        'tsconfig.json',
      ].sort(),
    );
    for (const source of sources) expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
  });
});

describe('worker image build context, as CDK stages it', () => {
  const synthesized = synth({}, { stageAssets: true });
  afterAll(() => synthesized.cleanup());
  const manifest = JSON.parse(readFileSync(join(synthesized.outdir, 'ImageDetection.assets.json'), 'utf8'));
  const [image] = Object.values(manifest.dockerImages) as any[];
  const context = join(synthesized.outdir, image.source.directory);
  const top = readdirSync(context).sort();

  it('when staged, then .dockerignore keeps only manifests, sources, the models and the Dockerfile', () => {
    expect(top).toEqual([
      '.dockerignore',
      'Dockerfile',
      'apps',
      'libs',
      'models',
      'package-lock.json',
      'package.json',
      'tsconfig.build.json',
      'tsconfig.json',
    ]);
    for (const file of [
      'ssdlite/1/ssdlite-mobilenet-v2-coco.onnx',
      'ssdlite/1/model.json',
      'yolox-nano/1/model.json',
      'NOTICE',
    ])
      expect(existsSync(join(context, 'models', file)), file).toBe(true);
  });

  it('when staged, then no test folder or spec file is sent to the Docker build', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? [join(dir, entry.name), ...walk(join(dir, entry.name))] : [join(dir, entry.name)],
      );
    const leaked = walk(context).filter((path) => /\/(test|node_modules)(\/|$)|\.spec\.ts$/.test(path));
    expect(leaked).toEqual([]);
  });
});
