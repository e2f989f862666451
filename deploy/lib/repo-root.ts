import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root is the first directory above `start` holding a package.json (deploy/ has none).
 * Works from deploy/bin (tests, ts source) and from deploy/dist/bin (compiled) alike.
 */
export function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
