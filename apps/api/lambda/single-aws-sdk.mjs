/**
 * esbuild plugin: one copy of each AWS SDK package. The SDK releases all its packages together, but a package
 * pinned a few releases apart (here @aws-sdk/s3-presigned-post) brings its own nested @aws-sdk/client-s3, which
 * would put a second S3 client (~250 KiB) into the bundle. Resolving every @aws-sdk/* and @smithy/* import from
 * the project root does what `npm dedupe` would do if the versions matched.
 */
export function singleAwsSdkPlugin(projectRoot) {
  return {
    name: 'single-aws-sdk',
    setup(build) {
      build.onResolve({ filter: /^@(aws-sdk|smithy)\// }, async (args) => {
        if (args.pluginData?.fromRoot || !args.importer.includes('/node_modules/')) return undefined;
        const fromRoot = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: projectRoot,
          pluginData: { fromRoot: true },
        });
        return fromRoot.errors.length ? undefined : fromRoot;
      });
    },
  };
}
