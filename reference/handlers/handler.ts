import type { ReferenceState } from '../state.ts';
import type { ParameterValues } from '../validation/request-validation.ts';

/**
 * A handler computes one operation's answer from validated input. It throws ApiError to refuse; anything
 * else it throws is a bug and becomes a generic 500.
 */
export interface HandlerRequest {
  readonly state: ReferenceState;
  /** Path and query parameters, validated against openapi.yaml (defaults applied). */
  readonly params: ParameterValues;
  /** The JSON body, validated against openapi.yaml; undefined when the operation takes none. */
  readonly body: unknown;
}

export interface HandlerResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Asynchronous only where the answer waits on the platform (a credential signature verified natively). */
export type Handler = (request: HandlerRequest) => HandlerResponse | Promise<HandlerResponse>;

export function ok(body: unknown): HandlerResponse {
  return { status: 200, body };
}

/** A validated body as a record (the schema guarantees an object wherever a handler reads one). */
export function fields(body: unknown): Readonly<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('body is not an object');
  return body as Record<string, unknown>;
}

export function stringParam(params: ParameterValues, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new Error(`parameter ${name} is not a string`);
  return value;
}
