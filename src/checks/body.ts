import type { Exchange } from '../client/exchange.ts';

/** The response body as a JSON object, or undefined when it is not one. */
export function responseObject(exchange: Exchange): Readonly<Record<string, unknown>> | undefined {
  const value = exchange.response?.parsed?.value;
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `error.message` of an error body, when there is one: what a finding quotes to say why a call failed. */
export function errorMessage(exchange: Exchange): string | undefined {
  const error = responseObject(exchange)?.error;
  if (error === null || typeof error !== 'object') return undefined;
  const message = (error as Record<string, unknown>).message;
  return typeof message === 'string' ? message : undefined;
}

/** `answered 400 ("name too long")` — the status and the target's own reason, for one-line messages. */
export function answered(exchange: Exchange): string {
  const response = exchange.response;
  if (response === undefined) return `got no response (${exchange.failure?.kind ?? 'failure'})`;
  const message = errorMessage(exchange);
  return `answered ${response.status}${message === undefined ? '' : ` ("${truncate(message, 120)}")`}`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
