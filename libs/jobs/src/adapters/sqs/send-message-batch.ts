import type { SendMessageBatchResultEntry, SQSClient } from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NO_ANSWER_ERROR_CODES } from './no-answer';

export interface BatchEntry {
  Id: string;
  MessageBody: string;
}

export interface BatchFailure {
  Id: string;
  Code?: string;
  Message?: string;
}

export interface BatchResult {
  Successful: Pick<SendMessageBatchResultEntry, 'Id' | 'MessageId' | 'MD5OfMessageBody'>[];
  Failed: BatchFailure[];
}

/** A call SQS refused as a whole (`code` as SQS names it: QueueDoesNotExist, AccessDenied...), or no answer at all. */
export class SendMessageBatchError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    /** The answer's Date showed our clock off by 5 min or more, and the client's clock offset was corrected. */
    readonly clockSkewCorrected = false,
  ) {
    super(`${code}: ${message}`);
    this.name = code;
  }
}

/** How long one SendMessageBatch call may take before it is abandoned and retried (a healthy one takes milliseconds). */
export const SEND_TIMEOUT_MS = 5_000;

const THROTTLING = new Set(['ThrottlingException', 'RequestThrottled', 'RequestThrottledException', 'Throttling']);
/** What the SDK's standard retry counts as transient (@smithy/core's retry: isTransientError). */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Worth another attempt, in the retry strategy's terms and as the SDK's standard retry sees them: throttling; a
 * timeout, a dropped or refused connection, an unreachable or unresolved host, 500/502/503/504, a corrected clock
 * (transient). Anything else is not retried: a TLS or configuration failure would fail again and spend the client's
 * retry budget, and a checksum mismatch means the messages were stored, so sending them again would queue each job
 * twice.
 */
function retryErrorType(error: SendMessageBatchError): 'THROTTLING' | 'TRANSIENT' | undefined {
  if (error.status === 429 || THROTTLING.has(error.code)) return 'THROTTLING';
  if (error.clockSkewCorrected) return 'TRANSIENT';
  const noAnswer = error.code === 'TimeoutError' || NO_ANSWER_ERROR_CODES.has(error.code);
  if (error.status === undefined ? noAnswer : TRANSIENT_STATUSES.has(error.status)) return 'TRANSIENT';
  return undefined;
}

/**
 * SendMessageBatch as one signed AWS JSON 1.0 request, through the SQS client's own configuration: its HTTP handler
 * (keep-alive sockets, TLS, timeouts), credentials provider, region, hash, clock offset and maxAttempts, to the
 * client's endpoint or, without one, to the queue URL's host (as the client does: useQueueUrlAsEndpoint). It is what
 * the client sends, without the client's ~20 middlewares per call, which cost the API more CPU than everything else
 * on POST /process's send path (bench:api's profile). Retries go through the client's own retry strategy, as the
 * client's calls do: its backoff, its maxAttempts and its retry budget, shared with every other call of the client
 * (a queue that keeps failing soon gets one attempt per call, not a storm of them). It checks each sent entry's
 * MD5OfMessageBody against the body it sent; a refusal whose Date shows our clock 5 min or more off corrects the
 * client's clock offset and is retried. Each call is abandoned after `timeoutMs`, so a silent socket cannot hold
 * back the messages batched after it.
 */
export function createSendMessageBatch(
  sqs: SQSClient,
  queueUrl: string,
  timeoutMs = SEND_TIMEOUT_MS,
): (entries: BatchEntry[]) => Promise<BatchResult> {
  let send: ((entries: BatchEntry[]) => Promise<BatchResult>) | undefined;
  // The client's configuration is read on the first send, not here: reading it builds a client made on first use
  // (createdOnFirstUse, the Lambda's), which a cold start whose first request sends nothing should not pay for.
  return (entries) => (send ??= sendThrough(sqs.config, queueUrl, timeoutMs))(entries);
}

function sendThrough(
  config: SQSClient['config'],
  queueUrl: string,
  timeoutMs: number,
): (entries: BatchEntry[]) => Promise<BatchResult> {
  // Where the client would send it: its configured endpoint if it has one, else the queue URL's origin.
  let target: Promise<{ protocol: string; hostname: string; port?: number; path: string }> | undefined;
  const endpoint = () =>
    (target ??= config.endpoint
      ? config.endpoint()
      : Promise.resolve().then(() => {
          const url = new URL(queueUrl);
          return {
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port ? Number(url.port) : undefined,
            path: '/',
          };
        }));
  const signer = new SignatureV4({
    credentials: config.credentials,
    region: config.region,
    service: 'sqs',
    sha256: config.sha256,
  });

  const attempt = async (body: string): Promise<BatchResult> => {
    const { protocol, hostname, port, path: base } = await endpoint();
    const path = base || '/';
    // SignatureV4 takes the request's fields and answers an HttpRequest: what the client's handler sends.
    const request = {
      method: 'POST',
      protocol,
      hostname,
      port,
      path,
      headers: {
        host: port ? `${hostname}:${port}` : hostname,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessageBatch',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
      query: {},
    };
    // The clock offset the client learnt from a skewed answer to any of its own calls, as its signer applies it.
    const signed = await signer.sign(request, { signingDate: new Date(Date.now() + (config.systemClockOffset ?? 0)) });
    let status: number;
    let text: string;
    let serverDate: string | undefined;
    try {
      // A call that hangs (a silent keep-alive socket) would hold back every job message batched after it.
      const { response } = await config.requestHandler.handle(signed, {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      status = response.statusCode;
      serverDate = response.headers.date;
      text = Buffer.from(await config.streamCollector(response.body)).toString('utf8');
    } catch (error) {
      // Abandoned after timeoutMs (the abort's TimeoutError, or the handler's AbortError for it), or no answer.
      const { name, code } = error as NodeJS.ErrnoException;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new SendMessageBatchError(timedOut ? 'TimeoutError' : (code ?? 'NetworkingError'), String(error));
    }
    let answer: Record<string, unknown>;
    try {
      answer = text ? JSON.parse(text) : {};
    } catch {
      throw new SendMessageBatchError('InvalidResponse', `not JSON (HTTP ${status}): ${text.slice(0, 200)}`, status);
    }
    if (status < 200 || status >= 300) {
      const type = typeof answer.__type === 'string' ? answer.__type : `HTTP${status}`;
      const message = String(answer.message ?? answer.Message ?? '');
      const corrected = correctClockSkew(config, serverDate);
      throw new SendMessageBatchError(type.slice(type.lastIndexOf('#') + 1), message, status, corrected);
    }
    return {
      Successful: (answer.Successful as BatchResult['Successful']) ?? [],
      Failed: (answer.Failed as BatchFailure[]) ?? [],
    };
  };

  return async (entries) => {
    const body = JSON.stringify({ QueueUrl: queueUrl, Entries: entries });
    const strategy = await config.retryStrategy();
    if (!('acquireInitialRetryToken' in strategy))
      throw new Error('the SQS client has a retry strategy of the old kind');
    let token = await strategy.acquireInitialRetryToken('sqs:SendMessageBatch');
    for (;;) {
      try {
        const result = await attempt(body);
        // As the client does unless told not to (md5: false): the queue stored the bodies we sent, byte for byte.
        if (config.md5 !== (false as unknown)) checkBodyDigests(entries, result);
        strategy.recordSuccess(token);
        return result;
      } catch (error) {
        const errorType = error instanceof SendMessageBatchError ? retryErrorType(error) : undefined;
        if (!errorType) throw error;
        try {
          // Refused past maxAttempts or with the client's retry budget spent; may wait out the backoff itself.
          token = await strategy.refreshRetryTokenForRetry(token, { errorType, error });
        } catch {
          throw error;
        }
        // The backoff the token asks the caller to wait, as the client's retry middleware waits it.
        const delay = token.getRetryDelay();
        if (delay > 0) await sleep(delay);
      }
    }
  };
}

/** Each sent entry's MD5OfMessageBody is the MD5 of the body we sent. */
function checkBodyDigests(entries: BatchEntry[], result: BatchResult): void {
  const bodies = new Map(entries.map((entry) => [entry.Id, entry.MessageBody]));
  for (const sent of result.Successful) {
    const body = bodies.get(sent.Id!);
    if (body !== undefined && sent.MD5OfMessageBody !== createHash('md5').update(body, 'utf8').digest('hex'))
      throw new SendMessageBatchError('InvalidChecksum', `MD5 of the body of entry ${sent.Id} does not match`, 200);
  }
}

/** As the SDK's signing does: a refusal is checked against the server's clock. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * When a refused answer's Date is 5 min or more away from our (offset) clock, the signature was refused for its
 * time: the client's offset is set from that Date, which its own calls use too, and the call is worth another try.
 */
function correctClockSkew(config: SQSClient['config'], serverDate: string | undefined): boolean {
  const serverTime = serverDate ? Date.parse(serverDate) : NaN;
  if (Number.isNaN(serverTime)) return false;
  if (Math.abs(serverTime - (Date.now() + (config.systemClockOffset ?? 0))) < CLOCK_SKEW_MS) return false;
  config.systemClockOffset = serverTime - Date.now();
  return true;
}
