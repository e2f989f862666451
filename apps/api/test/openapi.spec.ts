import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument, serializeOpenApi } from '../src/openapi/openapi-document';
import { REPO_ROOT } from '../../../test/support/test-env';

const REGENERATE = 'openapi.json is stale: run "npm run openapi" and commit openapi.json and libs/client';

describe('openapi.json in the repository', () => {
  it('when the API is built from the code, then its OpenAPI document is byte for byte the committed openapi.json', async () => {
    const committed = readFileSync(join(REPO_ROOT, 'openapi.json'), 'utf8');
    const current = serializeOpenApi(await openApiDocument());
    expect(current === committed, REGENERATE).toBe(true);
    // And the document is complete: every public route is in it.
    expect(Object.keys(JSON.parse(committed).paths).sort()).toEqual([
      '/health',
      '/health/live',
      '/health/ready',
      '/jobs',
      '/jobs/{jobId}',
      '/jobs/{jobId}/retry',
      '/models',
      '/process',
      '/storage/{bucket}/{path}',
      '/uploads/presign',
      '/uploads/presign-post',
    ]);
  });

  it('when openapi-typescript reads openapi.json, then it writes exactly the committed client types', () => {
    const out = mkdtempSync(join(tmpdir(), 'openapi-types-'));
    try {
      execFileSync(
        join(REPO_ROOT, 'node_modules/.bin/openapi-typescript'),
        ['openapi.json', '-o', join(out, 'api-schema.d.ts')],
        { cwd: REPO_ROOT, stdio: 'pipe' },
      );
      const generated = readFileSync(join(out, 'api-schema.d.ts'), 'utf8');
      const committed = readFileSync(join(REPO_ROOT, 'libs/client/src/generated/api-schema.d.ts'), 'utf8');
      expect(generated === committed, REGENERATE).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
