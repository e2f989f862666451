'use strict';
// Deployed only when `npm run package:lambda` has not produced dist/lambda/lambda-deployment.zip before
// the synth (CI synthesizes without packaging). It answers every route with 503 and says what to do.
exports.handler = async () => ({
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    statusCode: 503,
    message:
      'This stack was deployed without the API bundle. Run deploy/scripts/deploy.sh (or npm run package:lambda, then cdk deploy).',
  }),
});
