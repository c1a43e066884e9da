/**
 * The one way a handler refuses a request: throw an ApiError. The server turns it into the contract's
 * error body `{"error":{"id","status","message","details?"}}` (openapi.yaml#/components/schemas/ErrorBody).
 * Messages are for humans and name what was wrong and what was expected; they never carry a secret.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Extra response headers, e.g. `www-authenticate` on a 401. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    details?: Readonly<Record<string, unknown>>,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

export function badRequest(message: string, details?: Readonly<Record<string, unknown>>): ApiError {
  return new ApiError(400, message, details);
}

export function unauthorized(message: string): ApiError {
  return new ApiError(401, message, undefined, { 'www-authenticate': 'Bearer' });
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, message);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, message);
}

export function conflict(message: string, details?: Readonly<Record<string, unknown>>): ApiError {
  return new ApiError(409, message, details);
}

export function payloadTooLarge(limit: number): ApiError {
  return new ApiError(413, `request body is larger than ${limit} bytes`);
}

/**
 * Shortens a client-supplied value for a message, so an error never echoes a large body back. The cut (40
 * characters) is below the length of every secret the target issues (43 and more), so a value quoted back
 * is never a whole token, challenge or key, whatever a client sends where.
 */
export function quote(value: unknown, max = 40): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
  // JSON.stringify answers undefined for undefined and functions, whatever its declared type says.
  const json = JSON.stringify(value) as string | undefined;
  const text = json ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
