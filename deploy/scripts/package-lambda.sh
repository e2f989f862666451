#!/usr/bin/env bash
# Packages the API for AWS Lambda into dist/lambda/lambda-deployment.zip (handler: lambda.handler).
# Usage: deploy/scripts/package-lambda.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
zip_path="dist/lambda/lambda-deployment.zip"

# npm ci only when node_modules is missing or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)..."
  ONNXRUNTIME_NODE_INSTALL=skip npm ci
fi

npm run package:lambda

if [ ! -f "$zip_path" ]; then
  echo "error: npm run package:lambda did not produce $zip_path" >&2
  exit 1
fi
size_bytes=$(wc -c < "$zip_path" | tr -d ' ')
echo "Lambda bundle: $PWD/$zip_path"
echo "Size: $size_bytes bytes ($((size_bytes / 1024)) KiB)"
