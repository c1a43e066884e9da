import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest, payloadTooLarge } from '../errors.ts';

/**
 * Request bodies: read up to a cap (413 beyond it, the status a caller can act on even though the contract
 * does not list it), then parsed as JSON when the operation takes one. A declared Content-Length over the cap
 * is refused before reading; a streamed body is cut off at the cap.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** A streamed body is drained (so the 413 can be read) up to this many times the cap, then the socket is cut. */
const DRAIN_FACTOR = 4;

export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume(); // discard, so the socket can still carry the 413
    throw payloadTooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) tooLarge = true;
    if (size > maxBytes * DRAIN_FACTOR) {
      // A client that keeps streaming gets no answer: reading on would only serve it.
      request.socket.destroy();
      throw payloadTooLarge(maxBytes);
    }
    if (!tooLarge) chunks.push(buffer);
  }
  if (tooLarge) throw payloadTooLarge(maxBytes);
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower case, without parameters. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}

/**
 * The JSON body of an operation that declares one: Content-Type application/json (the contract documents
 * no 415, so another type is a 400), a body present, valid UTF-8 JSON.
 */
export function parseJsonBody(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) throw badRequest('a JSON request body is required');
  const type = mediaType(contentType);
  if (type !== 'application/json') {
    throw badRequest(
      `Content-Type must be application/json, got ${type === undefined || type === '' ? 'none' : JSON.stringify(type.slice(0, 60))}`,
    );
  }
  return parseJsonText(text);
}

/**
 * The body of an operation that declares none but may carry one (DeleteKey: the TypeScript SDK sends `{}`,
 * the Python SDK nothing): empty or an empty JSON object.
 */
export function checkEmptyBody(text: string, operationId: string): void {
  if (text.trim() === '') return;
  const value = parseJsonText(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length > 0) {
    throw badRequest(`${operationId} takes no request body (an empty body or {} is accepted)`);
  }
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8's message quotes the input; only the position is passed on, so no body is echoed back.
    const position = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    throw badRequest(
      `the request body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}`,
    );
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Strict UTF-8: a body that is not valid UTF-8 cannot be the JSON a user action signed. */
export function utf8Text(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('the request body is not valid UTF-8');
  }
}
