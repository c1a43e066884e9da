import type { Exchange } from './exchange.ts';

/**
 * A 429 with Retry-After is the target pacing the client, not its answer to the request: the client waits
 * as asked and sends again, a few times at most, each wait capped. A 429 without Retry-After, or one still
 * there after the retries, is returned like any answer, for the checks to judge.
 */
export interface RateLimitPolicy {
  /** Times one request is sent again after a 429 with Retry-After; 0 turns pacing off. */
  readonly retries: number;
  /** The longest wait honoured; a longer Retry-After is cut to this. */
  readonly maxWaitMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { retries: 3, maxWaitMs: 30_000 };

/**
 * How long the exchange's Retry-After asks to wait (delay-seconds or an HTTP-date, RFC 9110 §10.2.3), or
 * undefined when it is not a 429 with a Retry-After that parses.
 */
export function retryAfterMs(exchange: Exchange, maxWaitMs: number, now = Date.now()): number | undefined {
  const response = exchange.response;
  if (response?.status !== 429 || exchange.failure !== undefined) return undefined;
  const header = response.headers['retry-after']?.trim();
  if (header === undefined || header === '') return undefined;
  // An HTTP-date starts with a day name; Date.parse would also take "-1" (a year) or "2026".
  const ms = /^\d+$/.test(header)
    ? Number(header) * 1000
    : /^[A-Za-z]/.test(header)
      ? Date.parse(header) - now
      : NaN;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), maxWaitMs);
}

/**
 * Runs `attempt` until its exchange is not a paced 429 or the retries are used up; returns the last
 * result. `exchangeOf` says which exchange of a result to look at (none: the result is final).
 * `onGiveUp` gets the last exchange when the retries ran out on a 429 still paced (never with retries 0,
 * where pacing is off and a 429 is an answer).
 */
export async function paced<T>(
  policy: RateLimitPolicy,
  attempt: () => Promise<T>,
  exchangeOf: (result: T) => Exchange | undefined,
  onGiveUp?: (exchange: Exchange) => void,
): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    const result = await attempt();
    const exchange = exchangeOf(result);
    const wait = exchange === undefined ? undefined : retryAfterMs(exchange, policy.maxWaitMs);
    if (wait === undefined) return result;
    if (retry >= policy.retries) {
      if (policy.retries > 0 && exchange !== undefined) onGiveUp?.(exchange);
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
