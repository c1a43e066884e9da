/**
 * One HTTP request and what came back: the unit every check reads and every report cites.
 * The client records exchanges unredacted in memory (checks need the real bodies, e.g. to decrypt
 * exported shares); `redactExchange` in ./redact.ts makes the copy that may leave the process.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

export interface ExchangeRequest {
  readonly method: HttpMethod;
  /** The full URL as sent, query included. */
  readonly url: string;
  /** The path as sent, percent-encoded, without the query. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as sent (UTF-8); absent when none was sent. */
  readonly body?: string;
}

export interface ExchangeResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as received (UTF-8, possibly truncated at the client's size cap). */
  readonly body: string;
  /** Present only when the body parsed as JSON, whatever the content type said. */
  readonly parsed?: { readonly value: unknown };
}

export type TransportFailureKind = 'timeout' | 'network' | 'too-large';

export interface Exchange {
  /** Unique within a run, e.g. `x-000042`. */
  readonly id: string;
  /** The contract operation the request targeted, when the path matched one. */
  readonly operationId?: string;
  /** Why the client made the call when it was not the caller's own request (e.g. `user-action-init`). */
  readonly purpose?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly request: ExchangeRequest;
  /**
   * Absent when no status line arrived. When the status line arrived and the body then failed (reset,
   * too large, timeout), both `response` (what was read) and `failure` are present: both are evidence.
   */
  readonly response?: ExchangeResponse;
  readonly failure?: { readonly kind: TransportFailureKind; readonly message: string };
}
