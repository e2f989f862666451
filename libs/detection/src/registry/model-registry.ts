import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModelManifest, ModelManifestError, parseManifest } from './model-manifest';

/** A model version found in the registry, with where its file is. */
export interface RegisteredModel {
  manifest: ModelManifest;
  /** "name@version": what a job stores, so it keeps the version it started with. */
  ref: string;
  /** Absolute path of the ONNX file (it may be absent where only manifests ship, as in the Lambda bundle). */
  filePath: string;
  /** Which directory it came from: the shipped models or MODELS_DIR. */
  origin: 'shipped' | 'user';
}

/** A `model` a request named that the registry does not hold. */
export class UnknownModelError extends Error {
  constructor(
    readonly ref: string,
    readonly known: string[],
  ) {
    super(`unknown model "${ref}"; available: ${known.join(', ') || 'none'}`);
    this.name = 'UnknownModelError';
  }
}

export interface ModelRegistryOptions {
  /** The shipped models (the repository's models/). */
  shippedDir: string;
  /** A user's own models, same layout; a name also shipped is an error. */
  userDir?: string;
  /** The model a request that names none gets ("name" or "name@version"). */
  defaultModel: string;
  /** A lookup rescans the folders when its last scan is older than this (and always on a miss). Default 10 s. */
  rescanAfterMs?: number;
}

const MANIFEST = 'model.json';

/**
 * The models on disk: `<dir>/<name>/<version>/model.json` plus the ONNX file it names. Only manifests are read
 * (no onnxruntime, no sharp), so the API and its Lambda bundle use it as the worker does. A version dropped in
 * later is found without a restart: a lookup that misses, or finds the last scan stale, scans again.
 */
export class ModelRegistry {
  private versions = new Map<string, RegisteredModel[]>(); // per name, newest first
  private scannedAt = 0;
  private scanning?: Promise<void>;

  private constructor(private readonly options: ModelRegistryOptions) {}

  /** Scans the folders; throws ModelManifestError on a bad manifest or a name clash, and when the default is missing. */
  static async open(options: ModelRegistryOptions): Promise<ModelRegistry> {
    const registry = new ModelRegistry(options);
    await registry.rescan();
    registry.lookup(options.defaultModel, 'DEFAULT_MODEL');
    return registry;
  }

  get defaultModel(): string {
    return this.options.defaultModel;
  }

  /** The model a request named ("name" takes the newest version, "name@version" pins one), or the default. */
  async resolve(ref: string | undefined): Promise<RegisteredModel> {
    const wanted = ref ?? this.options.defaultModel;
    const stale = Date.now() - this.scannedAt > (this.options.rescanAfterMs ?? 10_000);
    if (stale || !this.find(wanted)) await this.rescan().catch(() => undefined); // a broken scan keeps the last good one
    return this.lookup(wanted);
  }

  /** Every version of every model, newest first per name, names in order. */
  list(): RegisteredModel[] {
    return [...this.versions.keys()].sort().flatMap((name) => this.versions.get(name)!);
  }

  /** The default model as it resolves now. */
  resolveDefault(): Promise<RegisteredModel> {
    return this.resolve(undefined);
  }

  /** Reads the folders again; concurrent calls share one scan. */
  rescan(): Promise<void> {
    this.scanning ??= this.scan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private lookup(ref: string, field = 'model'): RegisteredModel {
    const found = this.find(ref);
    if (!found) {
      const error = new UnknownModelError(
        ref,
        this.list().map((m) => m.ref),
      );
      if (field !== 'model') throw new ModelManifestError(field, error.message);
      throw error;
    }
    return found;
  }

  private find(ref: string): RegisteredModel | undefined {
    const [name, version] = ref.split('@', 2);
    const versions = this.versions.get(name);
    return version === undefined ? versions?.[0] : versions?.find((m) => m.manifest.version === version);
  }

  private async scan(): Promise<void> {
    const found = new Map<string, RegisteredModel[]>();
    const dirs: [string, RegisteredModel['origin']][] = [[this.options.shippedDir, 'shipped']];
    if (this.options.userDir) dirs.push([this.options.userDir, 'user']);
    for (const [dir, origin] of dirs) {
      for (const model of await scanDir(dir, origin)) {
        const versions = found.get(model.manifest.name) ?? [];
        const other = versions.find((m) => m.origin !== origin);
        if (other) {
          throw new ModelManifestError(
            join(dir, model.manifest.name),
            `model "${model.manifest.name}" is already shipped (${other.filePath}); give yours another name`,
          );
        }
        versions.push(model);
        found.set(model.manifest.name, versions);
      }
    }
    for (const versions of found.values())
      versions.sort((a, b) => compareVersions(b.manifest.version, a.manifest.version));
    this.versions = found;
    this.scannedAt = Date.now();
  }
}

async function scanDir(dir: string, origin: RegisteredModel['origin']): Promise<RegisteredModel[]> {
  const models: RegisteredModel[] = [];
  for (const name of await subdirectories(dir)) {
    for (const version of await subdirectories(join(dir, name))) {
      const folder = join(dir, name, version);
      const file = join(folder, MANIFEST);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        throw new ModelManifestError(file, `missing: every models/<name>/<version>/ folder needs a ${MANIFEST}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ModelManifestError(file, `not valid JSON: ${(error as Error).message}`);
      }
      const manifest = parseManifest(json, file);
      if (manifest.name !== name) throw new ModelManifestError(file, `"name" must be its folder's name "${name}"`);
      if (manifest.version !== version)
        throw new ModelManifestError(file, `"version" must be its folder's name "${version}"`);
      models.push({ manifest, ref: `${name}@${version}`, filePath: join(folder, manifest.file), origin });
    }
  }
  return models;
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new ModelManifestError(dir, `cannot read the models folder: ${error.code ?? error.message}`);
  });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** Dotted versions compare part by part, numerically where both parts are numbers ("1.10" > "1.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._-]/);
  const pb = b.split(/[._-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? '', pb[i] ?? ''];
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}
