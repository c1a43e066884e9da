import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest, payloadTooLarge } from '../errors.ts';

/**
 * Request bodies: read up to a cap (413 beyond it, which openapi.yaml documents, as inferred, on the
 * operations that take a body), then parsed as JSON when the operation takes one. An oversized body is still read to its
 * end and discarded before the 413 goes out: a server that answers while the client is still writing and
 * then closes makes the client see a broken pipe instead of the answer. Only a body beyond the drain limit
 * (declared or streamed) is cut off, with `connection: close`.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_FACTOR = 16;
const MIN_DRAIN_BYTES = 64 * 1024 * 1024;

export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const drainLimit = Math.max(maxBytes * DRAIN_FACTOR, MIN_DRAIN_BYTES);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > drainLimit) throw tooLargeToDrain(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > drainLimit) {
      // Reading on would only serve a client that never stops; it gets no answer.
      request.socket.destroy();
      throw tooLargeToDrain(maxBytes);
    }
    if (size <= maxBytes) chunks.push(buffer);
  }
  if (size > maxBytes) throw payloadTooLarge(maxBytes);
  return Buffer.concat(chunks);
}

function tooLargeToDrain(maxBytes: number): ApiError {
  const error = payloadTooLarge(maxBytes);
  return new ApiError(error.status, error.message, undefined, { connection: 'close' });
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
  if (text.startsWith(BYTE_ORDER_MARK)) {
    // RFC 8259 §8.1: senders must not add one; refusing it is allowed and keeps the signed bytes the parsed ones.
    throw badRequest(
      'the request body starts with a byte order mark (U+FEFF), which JSON texts must not carry',
    );
  }
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

const BYTE_ORDER_MARK = '\uFEFF';

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Strict UTF-8: a body that is not valid UTF-8 cannot be the JSON a user action signed. A byte order mark is
 * kept, not stripped: the user action is bound to the body byte for byte, so a BOM the signer did not sign
 * must not pass, and one it did sign must not turn into a payload mismatch.
 */
export function utf8Text(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw badRequest('the request body is not valid UTF-8');
  }
}
