import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/test-env';

interface NestProject {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile: string;
  compilerOptions?: { tsConfigPath?: string };
}

const nestCli = JSON.parse(readFileSync(join(REPO_ROOT, 'nest-cli.json'), 'utf8')) as {
  projects: Record<string, NestProject>;
};
const apps = Object.entries(nestCli.projects).filter(([, project]) => project.type === 'application');

/** The files and output directory `nest build <project>` compiles with, as TypeScript resolves its tsconfig. */
function compilation(tsConfigPath: string) {
  const file = join(REPO_ROOT, tsConfigPath);
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, join(file, '..'));
}

describe('nest-cli.json, the monorepo description `nest build <project>` uses', () => {
  it('when listing the applications, then every app under apps/ is a project', () => {
    expect(apps.map(([name]) => name).sort()).toEqual([
      'api',
      'api-key',
      'aws-init',
      'cli',
      'dlq',
      'queue',
      'selfhosted',
      'worker',
    ]);
  });

  it.each(apps)(
    'when %s is built, then its tsconfig compiles its entry point, no other app, and emits to dist/apps/<app>/src',
    (name, project) => {
      const { fileNames, options } = compilation(project.compilerOptions!.tsConfigPath!);
      const entry = join(REPO_ROOT, project.sourceRoot, `${project.entryFile}.ts`);
      expect(fileNames).toContain(entry);
      const otherApps = fileNames.filter((f) => f.includes('/apps/') && !f.includes(`/${project.root}/`));
      expect(otherApps).toEqual([]);
      expect(fileNames.some((f) => /\.spec\.ts$|\/test\//.test(f))).toBe(false);
      // The same layout as `npm run build`: scripts, the Dockerfile and the tests start dist/apps/<app>/src/main.js.
      expect(options.outDir).toBe(join(REPO_ROOT, 'dist'));
      expect(options.rootDir).toBe(REPO_ROOT);
    },
  );
});
