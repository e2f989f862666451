import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODELS_DIR } from './real-model';

/** A fresh, empty models folder. */
export const emptyModelsDir = (): string => mkdtempSync(join(tmpdir(), 'models-'));

/** The shipped manifest of `model` (version 1), as parsed JSON to change. */
export const shippedManifest = (model: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(MODELS_DIR, model, '1', 'model.json'), 'utf8'));

/**
 * Writes <dir>/<name>/<version>/model.json from a shipped model's manifest with `changes`, and the ONNX file: a copy
 * of the shipped one, or the given bytes. Returns the folder.
 */
export function addModel(
  dir: string,
  from: string,
  changes: Record<string, unknown> & { name: string; version: string },
  onnx?: string | Buffer,
): string {
  const manifest = { ...shippedManifest(from), ...changes };
  const folder = join(dir, changes.name, changes.version);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'model.json'), JSON.stringify(manifest));
  const target = join(folder, manifest.file as string);
  if (onnx === undefined) copyFileSync(join(MODELS_DIR, from, '1', shippedManifest(from).file as string), target);
  else writeFileSync(target, onnx);
  return folder;
}
