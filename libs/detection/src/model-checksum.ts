import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The model file is not the one documented in models/PROVENANCE.md. */
export class ModelIntegrityError extends Error {
  constructor(modelPath: string, expected: string, actual: string) {
    super(`model ${modelPath} has sha256 ${actual}, expected ${expected}`);
    this.name = 'ModelIntegrityError';
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function verifyModelSha256(modelPath: string, expected: string): Promise<void> {
  const actual = await sha256OfFile(modelPath);
  if (actual !== expected.toLowerCase()) throw new ModelIntegrityError(modelPath, expected, actual);
}
