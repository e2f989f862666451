#!/usr/bin/env bash
# Packages the API Lambda, builds the worker image and deploys the whole stack to the AWS account and
# region of the current credentials.
# Usage: deploy/scripts/deploy.sh [-c key=value ...] [other `cdk deploy` options]
#   e.g. deploy/scripts/deploy.sh -c corsAllowedOrigins=https://app.example.com -c workerMaxTasks=20
# Needs: AWS credentials, a Docker engine (or CDK_DOCKER=finch/podman), a bootstrapped environment
# (`npx cdk bootstrap` once per account and region).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
cdk_out="deploy/cdk.out"
outputs_file="$cdk_out/outputs.json"

fail() { echo "error: $*" >&2; exit 1; }

command -v aws > /dev/null || fail "the AWS CLI is needed to check credentials and read the API key"
aws sts get-caller-identity > /dev/null 2>&1 \
  || fail "no usable AWS credentials (configure a profile, or set AWS_PROFILE / AWS_ACCESS_KEY_ID)"
docker_cli="${CDK_DOCKER:-docker}"
"$docker_cli" info > /dev/null 2>&1 \
  || fail "'$docker_cli info' failed: cdk deploy builds the worker image and needs a running Docker engine"

deploy/scripts/package-lambda.sh

npx tsc -p deploy/tsconfig.json
npx tsc-alias -p deploy/tsconfig.json
export CDK_DISABLE_VERSION_CHECK=1
# requireLambdaZip: never deploy the 503 placeholder by accident.
npx cdk deploy \
  --app 'node deploy/dist/deploy/bin/app.js' \
  --output "$cdk_out" \
  --outputs-file "$outputs_file" \
  -c requireLambdaZip=true \
  "$@"

read_output() {
  node -e 'const o = require(process.argv[1]); const s = Object.values(o)[0] || {}; process.stdout.write(s[process.argv[2]] || "")' \
    "$PWD/$outputs_file" "$1"
}
api_url=$(read_output ApiUrl)
tenant_keys=$(read_output TenantApiKeyIds)
echo
echo "API URL:    $api_url"
echo "API key ids per tenant: $tenant_keys"
echo "Read a tenant's key (send it as the x-api-key header):"
echo "  aws apigateway get-api-key --api-key KEY_ID --include-value --query value --output text"
echo "Try it:"
echo "  curl ${api_url}health"
echo "All outputs: $outputs_file"
