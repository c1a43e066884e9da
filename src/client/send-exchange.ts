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

function parseJson(body: string): ExchangeResponse['parsed'] {
  if (body.trim() === '') return undefined;
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return undefined;
  }
}

interface Started {
  readonly status: number;
  readonly headers: Record<string, string>;
}

/**
 * Goes through undici's dispatch API rather than `request()`: no response stream, no async iteration,
 * no abort signal per request. The fuzzer sends tens of thousands of requests a second through here, and
 * `request()` costs about a third more CPU per exchange (bench/fuzz-throughput.ts).
 */
export function sendExchange(
  dispatcher: Pick<Dispatcher, 'dispatch'>,
  request: OutgoingRequest,
  limits: SendLimits,
): Promise<Exchange> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
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

  return new Promise<Exchange>((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let started: Started | undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;

    const finish = (failure: Failure | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const durationMs = Math.round((performance.now() - start) * 1000) / 1000;
      if (started === undefined) {
        resolve({ ...base, durationMs, failure: failure ?? { kind: 'network', message: 'no response' } });
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = failure === undefined ? parseJson(body) : undefined;
      // The status line arrived, so the response is kept even when the body did not: it is evidence.
      resolve({
        ...base,
        durationMs,
        response: {
          status: started.status,
          headers: started.headers,
          body,
          ...(parsed === undefined ? {} : { parsed }),
        },
        ...(failure === undefined ? {} : { failure }),
      });
    };

    // Stops reading and drops the connection. Called after finish(): undici reports the abort as an
    // error at once, and a settled exchange ignores it.
    const abandon = (): void => {
      controller?.abort(new Error('abandoned by the client'));
    };

    const tooLargeFailure = (): Failure => ({
      kind: 'too-large',
      message: `response body exceeds the ${limits.maxResponseBytes}-byte cap`,
    });

    // A request still queued for a connection has no controller yet: it is settled now and aborted
    // as soon as undici starts it.
    const timer = setTimeout(() => {
      finish(classifyFailure(undefined, true, limits));
      abandon();
    }, limits.requestTimeoutMs);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(requestController) {
        controller = requestController;
        if (settled) abandon();
      },
      onResponseStart(_controller, statusCode, headers) {
        if (statusCode < 200) return;
        started = { status: statusCode, headers: flattenHeaders(headers) };
        const declared = Number(started.headers['content-length'] ?? '0');
        if (Number.isFinite(declared) && declared > limits.maxResponseBytes) {
          finish(tooLargeFailure());
          abandon();
        }
      },
      onResponseData(_controller, chunk) {
        if (settled) return;
        const room = limits.maxResponseBytes - received;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          received += room;
          finish(tooLargeFailure());
          abandon();
          return;
        }
        received += chunk.length;
        chunks.push(chunk);
      },
      onResponseEnd() {
        finish(undefined);
      },
      onResponseError(_controller, error) {
        finish(classifyFailure(error, false, limits));
      },
    };

    try {
      dispatcher.dispatch(
        {
          method: request.method,
          path: request.pathWithQuery,
          headers: request.headers,
          body: request.wireBody ?? null,
          headersTimeout: limits.requestTimeoutMs,
          bodyTimeout: limits.requestTimeoutMs,
        },
        handler,
      );
    } catch (error) {
      finish(classifyFailure(error, false, limits));
    }
  });
}
