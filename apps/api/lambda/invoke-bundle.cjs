#!/usr/bin/env node
// Plays the Lambda Node runtime for a packaged bundle, for the smoke test and the cold-start benchmark:
// requires the bundle (the init phase), says so over IPC, then invokes `handler` for each event it is sent.
// Times are performance.now(): milliseconds since this process started.
// Usage (from a parent with an IPC channel): fork('invoke-bundle.cjs', [pathToLambdaJs])
const bundle = process.argv[2];
const { handler } = require(bundle);
process.send({ type: 'loaded', at: performance.now() });

process.on('message', async ({ id, event }) => {
  const context = {
    awsRequestId: `local-${id}`,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    getRemainingTimeInMillis: () => 30_000,
  };
  try {
    const result = await handler(event, context);
    process.send({ type: 'result', id, result, at: performance.now() });
  } catch (error) {
    process.send({ type: 'error', id, error: String(error?.stack ?? error), at: performance.now() });
  }
});
