# One image, three commands: the ONNX worker (the default CMD, for ECS Fargate), the API and the queue server
# (docker-compose.yml runs all three). Build context: the repository root.
#   docker build -t image-detection .
# CDK builds it from deploy/ (ecs.ContainerImage.fromAsset) during `cdk deploy`.
# Node 22: Node 20 is past its end of life (the code runs on both).

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
# onnxruntime-node's install script would otherwise download CUDA libraries the CPU worker never uses.
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# better-sqlite3 compiles with node-gyp when no prebuilt binary matches; only build stages get a compiler.
FROM base AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./

# Stage 1: compile TypeScript with every dependency.
FROM toolchain AS build
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# Stage 2: production dependencies only, without the other platforms' ONNX Runtime binaries (~220 MB).
FROM toolchain AS prod-deps
RUN npm ci --omit=dev \
 && find node_modules/onnxruntime-node/bin -mindepth 2 -maxdepth 2 -type d ! -name linux -exec rm -rf {} + \
 && npm cache clean --force

# Stage 3: what runs. Code and models belong to root and are read-only for the process user.
# The registry is /app/models (<name>/<version>/model.json + ONNX file). Models of your own: COPY them into
# another folder in that layout and set MODELS_DIR to it (README, "Models").
FROM base AS runtime
ENV NODE_ENV=production \
    WORKER_HEALTH_PORT=3001
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY models ./models
# The only writable place under /app, in case a self-hosted default (DATA_DIR=./data) is touched.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# 3001: the worker's health and /metrics; 3000: the API; 9324: the queue server (when run with their commands).
EXPOSE 3001 3000 9324
# Liveness, not readiness: an outage of the store or the queue must not cycle the containers.
# ECS sends SIGTERM on scale-in and deploys; the worker stops polling and finishes in-flight jobs.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_HEALTH_PORT||3001)+'/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/worker/src/main.js"]
