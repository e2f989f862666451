import { randomUUID } from 'node:crypto';

/** What the caller sends, in terms any API Gateway flavour can carry. */
export interface HttpCall {
  method: string;
  /** Path as the client called it, without query string, e.g. `/jobs/123`. */
  path: string;
  /** The gateway's route template, e.g. `/jobs/{jobId}`; defaults to the path. */
  route?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** A string is sent as is, an object as JSON, a Buffer base64-encoded. */
  body?: string | object | Buffer;
  /** Send a text/JSON body base64-encoded, as API Gateway does for binary media types. */
  base64?: boolean;
  apiKey?: { id: string; value: string };
  cognitoSub?: string;
}

/** A proxy result in either format, with one way to read headers and the body. */
export interface ProxyResult {
  statusCode: number;
  body: string;
  isBase64Encoded: boolean;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
}

export type EventFormat = 'REST v1' | 'HTTP API v2';

function encodeBody(call: HttpCall): { body: string | null; isBase64Encoded: boolean; contentType?: string } {
  if (call.body === undefined) return { body: null, isBase64Encoded: false };
  const isBuffer = Buffer.isBuffer(call.body);
  const text = typeof call.body === 'string' || isBuffer ? call.body : JSON.stringify(call.body);
  const contentType = typeof call.body === 'object' && !isBuffer ? 'application/json' : undefined;
  if (isBuffer || call.base64)
    return { body: Buffer.from(text as string | Buffer).toString('base64'), isBase64Encoded: true, contentType };
  return { body: text as string, isBase64Encoded: false, contentType };
}

function headersOf(call: HttpCall, contentType?: string): Record<string, string> {
  return {
    accept: 'application/json',
    host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'lambda-spec',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-proto': 'https',
    ...(contentType && { 'content-type': contentType }),
    ...(call.apiKey && { 'x-api-key': call.apiKey.value }),
    ...call.headers,
  };
}

/** An API Gateway REST API (payload 1.0) Lambda proxy event, shaped like the real ones. */
export function restEvent(call: HttpCall): Record<string, unknown> {
  const { body, isBase64Encoded, contentType } = encodeBody(call);
  const headers = headersOf(call, contentType);
  const multiQuery =
    call.query && Object.fromEntries(Object.entries(call.query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  const singleQuery =
    multiQuery && Object.fromEntries(Object.entries(multiQuery).map(([k, v]) => [k, v[v.length - 1]]));
  const resource = call.route ?? call.path;
  return {
    resource,
    path: call.path,
    httpMethod: call.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: singleQuery ?? null,
    multiValueQueryStringParameters: multiQuery ?? null,
    pathParameters: call.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      stage: 'prod',
      resourcePath: resource,
      httpMethod: call.method,
      path: `/prod${call.path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      identity: {
        sourceIp: '203.0.113.7',
        userAgent: 'lambda-spec',
        apiKey: call.apiKey?.value ?? null,
        apiKeyId: call.apiKey?.id ?? null,
      },
      ...(call.cognitoSub && {
        authorizer: { claims: { sub: call.cognitoSub, 'cognito:username': 'someone', token_use: 'id' } },
      }),
    },
    body,
    isBase64Encoded,
  };
}

/** An API Gateway HTTP API (payload 2.0) Lambda proxy event, shaped like the real ones. */
export function httpApiEvent(call: HttpCall): Record<string, unknown> {
  const { body, isBase64Encoded, contentType } = encodeBody(call);
  const query = Object.entries(call.query ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((one): [string, string] => [k, one]),
  );
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: `${call.method} ${call.route ?? call.path}`,
    rawPath: call.path,
    rawQueryString,
    headers: headersOf(call, contentType),
    ...(query.length && {
      queryStringParameters: Object.fromEntries(
        Object.entries(call.query!).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
      ),
    }),
    ...(call.pathParameters && { pathParameters: call.pathParameters }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      http: {
        method: call.method,
        path: call.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'lambda-spec',
      },
      requestId: randomUUID(),
      routeKey: `${call.method} ${call.route ?? call.path}`,
      stage: '$default',
      timeEpoch: Date.now(),
      ...(call.cognitoSub && {
        authorizer: { jwt: { claims: { sub: call.cognitoSub, token_use: 'access' }, scopes: null } },
      }),
    },
    ...(body !== null && { body }),
    isBase64Encoded,
  };
}

export const EVENT_BUILDERS: Record<EventFormat, (call: HttpCall) => Record<string, unknown>> = {
  'REST v1': restEvent,
  'HTTP API v2': httpApiEvent,
};

/** A header of either result format, lower-cased name. */
export function headerOf(result: ProxyResult, name: string): string | undefined {
  return result.headers?.[name] ?? result.multiValueHeaders?.[name]?.join(',');
}

export function jsonOf(result: ProxyResult): any {
  return JSON.parse(result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body);
}

/** A Lambda context, enough for serverless-express. */
export function lambdaContext(): Record<string, unknown> {
  return { awsRequestId: randomUUID(), functionName: 'image-detection-api', getRemainingTimeInMillis: () => 30_000 };
}
