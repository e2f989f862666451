#!/usr/bin/env bash
# Proves the built dist runs with production dependencies only: copies dist, the manifests and the model into a
# temporary directory, runs `npm ci --omit=dev` there, starts the whole stack (`npm run serve`) on free ports and
# waits until the API and the worker are ready (/health/ready) and /metrics answers. Run `npm run build` first.
# It installs from the registry (better-sqlite3 compiles, ~1 min), too slow for every `npm test`; the suite has a fast
# test instead (test/prod-dependencies.spec.ts: no runtime import of dist resolves to a devDependency).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$repo/dist/apps/selfhosted/src/main.js" ] || { echo "no dist: run npm run build first" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/image-detection-prod.XXXXXX")
pid=''
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/dist"
cp -r "$repo/dist/apps" "$repo/dist/libs" "$work/dist/"
cp -r "$repo/package.json" "$repo/package-lock.json" "$repo/models" "$work/"
cd "$work"
start=$(date +%s)
ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --no-audit --no-fund --loglevel=error
echo "npm ci --omit=dev: $(( $(date +%s) - start )) s, node_modules $(du -sm node_modules | cut -f1) MB"
if [ -d node_modules/typescript ] || [ -d node_modules/vitest ]; then echo "devDependencies were installed" >&2; exit 1; fi

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
export DATA_DIR="$work/data" PORT=$(free_port) QUEUE_PORT=$(free_port) WORKER_HEALTH_PORT=$(free_port) LOG_LEVEL=warn
npm run serve --silent > "$work/serve.log" 2>&1 &
pid=$!
for url in "http://127.0.0.1:$PORT/health/ready" "http://127.0.0.1:$WORKER_HEALTH_PORT/health/ready"; do
  for _ in $(seq 1 300); do
    if curl -fs -o /dev/null "$url"; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$work/serve.log" >&2; echo "the stack exited" >&2; exit 1; fi
    sleep 0.2
  done
  curl -fsS -o /dev/null "$url" || { cat "$work/serve.log" >&2; echo "$url never became ready" >&2; exit 1; }
done
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -q '^image_detection_http_requests_total' \
  || { echo "API /metrics has no request series" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$WORKER_HEALTH_PORT/metrics" | grep -q '^image_detection_job_transitions_total' \
  || { echo "worker /metrics has no job series" >&2; exit 1; }
echo "the stack runs from dist with production dependencies only (API :$PORT, worker :$WORKER_HEALTH_PORT)"
