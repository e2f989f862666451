import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument, serializeOpenApi } from './openapi-document';

/** `npm run openapi`: writes the API's OpenAPI document (openapi.json at the repository root, or the path given). */
async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(target, serializeOpenApi(await openApiDocument()));
  console.log(`wrote ${target}`);
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
