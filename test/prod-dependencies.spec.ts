import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/test-env';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const DIST = join(REPO_ROOT, 'dist');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? jsFiles(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );
}

/** The package a bare specifier names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

describe('what dist needs at run time (npm ci --omit=dev; the full check is npm run check:prod-install)', () => {
  it('when the build output of the apps and libs is read, then every package it requires is a dependency, none only a devDependency', () => {
    expect(existsSync(join(DIST, 'apps', 'api', 'src', 'main.js')), 'run npm run build first').toBe(true);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const required = new Map<string, string>();
    for (const file of [...jsFiles(join(DIST, 'apps')), ...jsFiles(join(DIST, 'libs'))]) {
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
        if (!builtins.has(specifier) && !builtins.has(packageOf(specifier))) required.set(packageOf(specifier), file);
      }
    }
    // The scan sees the real imports: the web framework, the model runtime, the metrics client.
    expect([...required.keys()]).toEqual(expect.arrayContaining(['@nestjs/core', 'onnxruntime-node', 'prom-client']));
    const notProduction = [...required]
      .filter(([name]) => !(name in pkg.dependencies))
      .map(([name, file]) => `${name} (${file.slice(REPO_ROOT.length + 1)})`);
    expect(notProduction).toEqual([]);
  });

  it('when package.json is read, then the serve scripts run dist without building, and start keeps building for the two-command start', () => {
    for (const [script, app] of [
      ['serve', 'selfhosted'],
      ['serve:api', 'api'],
      ['serve:worker', 'worker'],
      ['serve:queue', 'queue'],
    ]) {
      expect(pkg.scripts[script]).toBe(`node dist/apps/${app}/src/main.js`);
      expect(existsSync(join(REPO_ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    }
    expect(pkg.scripts.start).toMatch(/^npm run build --silent && node dist\/apps\/selfhosted\/src\/main\.js$/);
  });

  it('when package.json is read, then the engines allow both Node 20 and Node 22', () => {
    expect(pkg.engines.node).toBe('>=20.10 <23');
  });
});
