import 'reflect-metadata';
import serverlessExpress from '@codegenie/serverless-express';
import { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig, loadConfig } from '@app/config';
import { createApiApp } from './create-api-app';

/** An API Gateway proxy handler: REST (v1) and HTTP API (v2) events in, proxy results out. */
export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * serverless-express's stand-in socket calls write callbacks synchronously, so a response emits 'finish' before
 * `writableEnded` is set (pino-http, the API's access log before, logged every request as "request aborted"). A
 * real socket calls back later; deferring the callback by a tick restores the order code written for Node expects.
 */
function withAsyncSocketCallbacks(res: ServerResponse): ServerResponse {
  const socket = res.socket as unknown as { write: (data: unknown, encoding?: unknown, callback?: unknown) => boolean };
  const write = socket.write.bind(socket);
  socket.write = (data, encoding, callback) => {
    if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    const later =
      typeof callback === 'function' ? (...args: unknown[]) => process.nextTick(() => callback(...args)) : callback;
    return write(data, encoding, later);
  };
  return res;
}

export interface LambdaHandlerOptions {
  /**
   * Swagger UI at /docs. Off by default: the zip holds no Swagger UI assets, so with API_DOCS=true the function
   * serves the OpenAPI document at /docs-json only. (On where the assets are installed, as under test.)
   */
  docsUi?: boolean;
}

/** Builds the Nest Fastify app and the serverless-express bridge in front of it. */
async function bootstrap(config: AppConfig, { docsUi = false }: LambdaHandlerOptions): Promise<LambdaHandler> {
  // The manifests are the zip's, read when it was packaged: the cold start leaves them to the first job or listing.
  // One instance serves one request at a time: a job message has no other to wait for, so it leaves at once.
  const app = await createApiApp(config, {
    metrics: 'emf',
    docsUi,
    modelManifests: 'on-first-use',
    jobSendWindowMs: 0,
  });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  // serverless-express does not recognise Fastify: hand it Fastify's own request router.
  const route = (req: IncomingMessage, res: ServerResponse) => fastify.routing(req, withAsyncSocketCallbacks(res));
  return serverlessExpress({
    app: route,
    framework: {
      sendRequest: ({ request, response }: { request: IncomingMessage; response: ServerResponse }) =>
        route(request, response),
    },
    // Stack traces stay in the logs, whatever NODE_ENV says.
    respondWithErrors: false,
  }) as LambdaHandler;
}

/**
 * Starts the bootstrap now and serves every event through it: one app per container. A failed bootstrap is
 * forgotten, so the next event tries again instead of the container failing forever.
 */
export function createHandler(config: AppConfig, options: LambdaHandlerOptions = {}): LambdaHandler {
  let ready: Promise<LambdaHandler> | undefined;
  const start = () => {
    ready = bootstrap(config, options);
    // Until an event awaits it, a failure must not crash the runtime as an unhandled rejection.
    ready.catch(() => (ready = undefined));
    return ready;
  };
  start();
  return async (event, context) => (await (ready ?? start()))(event, context);
}

let fromEnvironment: LambdaHandler | undefined;
const handlerFromEnvironment = () => (fromEnvironment ??= createHandler(loadConfig(process.env)));

// In Lambda the bootstrap runs in the init phase, before the first event arrives; elsewhere (tests, tools that
// import this file) nothing starts until the handler is called.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) handlerFromEnvironment();

/** The Lambda entry point (`lambda.handler`), configured from the environment like every other app. */
export const handler: LambdaHandler = (event, context) => handlerFromEnvironment()(event, context);
