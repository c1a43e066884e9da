/**
 * What a request may carry. JSON is sent byte-exactly as given: an object is serialized once with
 * JSON.stringify and that same string is both sent and signed; a string is taken as pre-serialized
 * JSON and sent unchanged. `rawBody` sends anything else (malformed JSON, another content type,
 * duplicate keys) for negative tests.
 */

const RAW = Symbol('keys-conformance.raw-body');

export interface RawBody {
  readonly [RAW]: true;
  readonly bytes: string | Uint8Array;
  /** Sent as `content-type` when given; no content type header otherwise. */
  readonly contentType?: string;
}

/** A string is pre-serialized JSON; a RawBody is sent as is; anything else is serialized with JSON.stringify. */
export type RequestBody = string | RawBody | object | number | boolean | null;

/** A body sent exactly as given, with the given content type or none. */
export function rawBody(bytes: string | Uint8Array, contentType?: string): RawBody {
  return { [RAW]: true, bytes, ...(contentType === undefined ? {} : { contentType }) };
}

export function isRawBody(body: unknown): body is RawBody {
  return typeof body === 'object' && body !== null && RAW in body;
}

export interface EncodedBody {
  /** The bytes put on the wire. */
  readonly wire: string | Uint8Array;
  /** The body as text (UTF-8), as recorded and as signed in `userActionPayload`. */
  readonly text: string;
  readonly contentType?: string;
}

const JSON_TYPE = 'application/json';

export function encodeRequestBody(body: RequestBody | undefined): EncodedBody | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return { wire: body, text: body, contentType: JSON_TYPE };
  if (isRawBody(body)) {
    const text = typeof body.bytes === 'string' ? body.bytes : new TextDecoder().decode(body.bytes);
    return {
      wire: body.bytes,
      text,
      ...(body.contentType === undefined ? {} : { contentType: body.contentType }),
    };
  }
  const text = JSON.stringify(body) as string | undefined;
  if (text === undefined) throw new TypeError('request body cannot be serialized with JSON.stringify');
  return { wire: text, text, contentType: JSON_TYPE };
}
