import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { Exchange, ExchangeResponse, HttpMethod, TransportFailureKind } from './exchange.ts';

/**
 * Sends one HTTP request and records it as an Exchange. Transport failures (refused, reset,
 * timeout, DNS, a body over the size cap) come back as `failure`, never as a thrown error: whether
 * an unreachable target is a finding or a failed run is the caller's call.
 */

export interface OutgoingRequest {
  readonly id: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly path: string;
  readonly pathWithQuery: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly wireBody?: string | Uint8Array;
  readonly bodyText?: string;
  readonly operationId?: string;
  readonly purpose?: string;
}

export interface SendLimits {
  /** Deadline for the whole exchange: connect, headers and body. */
  readonly requestTimeoutMs: number;
  /** Bodies above this many bytes end as failure `too-large`; the first bytes are kept. */
  readonly maxResponseBytes: number;
}

type Failure = { readonly kind: TransportFailureKind; readonly message: string };

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function classifyFailure(error: unknown, timedOut: boolean, limits: SendLimits): Failure {
  if (timedOut) {
    return { kind: 'timeout', message: `no complete response within ${limits.requestTimeoutMs} ms` };
  }
  const code = errorCode(error);
  const message = errorMessage(error);
  const detail = code === undefined || message.includes(code) ? message : `${code}: ${message}`;
  return { kind: code !== undefined && TIMEOUT_CODES.has(code) ? 'timeout' : 'network', message: detail };
}

function flattenHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function decodeBody(chunks: readonly Uint8Array[]): string {
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string): ExchangeResponse['parsed'] {
  if (body.trim() === '') return undefined;
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

interface BodyRead {
  readonly chunks: Uint8Array[];
  readonly tooLarge: boolean;
  readonly error?: unknown;
}

type ResponseBody = AsyncIterable<Uint8Array> & {
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
};

/** Stops reading and drops the connection; the abort error undici then emits is expected. */
function abandon(body: ResponseBody): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readCapped(body: ResponseBody, declaredLength: number, max: number): Promise<BodyRead> {
  if (declaredLength > max) {
    abandon(body);
    return { chunks: [], tooLarge: true };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      if (total + chunk.length > max) {
        chunks.push(chunk.subarray(0, max - total));
        abandon(body);
        return { chunks, tooLarge: true };
      }
      total += chunk.length;
      chunks.push(chunk);
    }
    return { chunks, tooLarge: false };
  } catch (error) {
    return { chunks, tooLarge: false, error };
  }
}

export async function sendExchange(
  dispatcher: Dispatcher,
  request: OutgoingRequest,
  limits: SendLimits,
): Promise<Exchange> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.requestTimeoutMs);

  const base = {
    id: request.id,
    ...(request.operationId === undefined ? {} : { operationId: request.operationId }),
    ...(request.purpose === undefined ? {} : { purpose: request.purpose }),
    startedAt,
    request: {
      method: request.method,
      url: request.url,
      path: request.path,
      headers: request.headers,
      ...(request.bodyText === undefined ? {} : { body: request.bodyText }),
    },
  };
  const elapsed = (): number => Math.round((performance.now() - start) * 1000) / 1000;

  try {
    const response = await dispatcher.request({
      method: request.method,
      path: request.pathWithQuery,
      headers: request.headers,
      body: request.wireBody ?? null,
      signal: controller.signal,
      headersTimeout: limits.requestTimeoutMs,
      bodyTimeout: limits.requestTimeoutMs,
    });
    const headers = flattenHeaders(response.headers);
    const declared = Number(headers['content-length'] ?? '0');
    const read = await readCapped(
      response.body,
      Number.isFinite(declared) ? declared : 0,
      limits.maxResponseBytes,
    );
    const body = decodeBody(read.chunks);
    const complete = !read.tooLarge && read.error === undefined && !timedOut;
    const parsed = complete ? parseJson(body) : undefined;
    const recorded: ExchangeResponse = {
      status: response.statusCode,
      headers,
      body,
      ...(parsed === undefined ? {} : { parsed }),
    };
    // The status line arrived, so the response is kept even when the body did not: it is evidence.
    let failure: Failure | undefined;
    if (read.tooLarge) {
      failure = {
        kind: 'too-large',
        message: `response body exceeds the ${limits.maxResponseBytes}-byte cap`,
      };
    } else if (!complete) {
      failure = classifyFailure(read.error, timedOut, limits);
    }
    return {
      ...base,
      durationMs: elapsed(),
      response: recorded,
      ...(failure === undefined ? {} : { failure }),
    };
  } catch (error) {
    return { ...base, durationMs: elapsed(), failure: classifyFailure(error, timedOut, limits) };
  } finally {
    clearTimeout(timer);
  }
}
