/**
 * Features the CLI offers before every server has them. Whether a server has one is read from its own OpenAPI
 * document, so a flag is never silently ignored: without the feature the CLI stops before uploading anything.
 */
export type Feature = 'model' | 'tiling' | 'annotate' | 'format';

interface OpenApiDoc {
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

const FEATURES: Record<Feature, { flag: string; present: (doc: OpenApiDoc) => boolean }> = {
  model: {
    flag: '--model',
    // A server with a model registry lists it (GET /models) and takes `model` in POST /process.
    present: (doc) =>
      Boolean(doc.paths?.['/models']) && Boolean(doc.components?.schemas?.SubmitJobRequest?.properties?.model),
  },
  tiling: {
    flag: '--tiling',
    present: (doc) => Boolean(doc.components?.schemas?.SubmitJobRequest?.properties?.tiling),
  },
  annotate: {
    flag: '--annotate',
    present: (doc) => Object.keys(doc.paths ?? {}).some((path) => /annotated/.test(path)),
  },
  format: {
    flag: '--format',
    present: (doc) => {
      const get = (doc.paths?.['/jobs/{jobId}'] as { get?: { parameters?: { name: string }[] } } | undefined)?.get;
      return Boolean(get?.parameters?.some((parameter) => parameter.name === 'format'));
    },
  },
};

export class UnsupportedFeatureError extends Error {}

export async function requireFeatures(server: string, features: Feature[], headers: Record<string, string>) {
  if (features.length === 0) return;
  const answer = await fetch(`${server}/docs-json`, { headers }).catch(() => undefined);
  const doc = answer?.ok ? ((await answer.json().catch(() => undefined)) as OpenApiDoc | undefined) : undefined;
  for (const feature of features) {
    const { flag, present } = FEATURES[feature];
    if (!doc)
      throw new UnsupportedFeatureError(
        `${flag} is not supported by this server: it publishes no API description (/docs-json) that offers it`,
      );
    if (!present(doc)) throw new UnsupportedFeatureError(`${flag} is not supported by this server (${server})`);
  }
}
