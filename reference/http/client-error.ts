import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { requestId } from '../ids.ts';

/**
 * Requests Node's HTTP parser refuses before any handler runs (a lower-case or unknown method, two
 * Content-Length headers, a malformed header line, headers over the limit, a request not finished in
 * time). Node's default answer is a bare `400`, `431` or `408` without a body; the contract promises the
 * error body on every error and documents neither 431 nor 408, so each is the contract's 400 with the error
 * body and `x-request-id`. The connection is closed after it: the parser cannot resynchronise.
 */
const MESSAGES: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: 'the request headers are too large',
  HPE_INVALID_METHOD: 'the request method is not a valid HTTP method (methods are case-sensitive)',
  HPE_UNEXPECTED_CONTENT_LENGTH:
    'the request has more than one Content-Length header, or Content-Length with Transfer-Encoding',
  ERR_HTTP_REQUEST_TIMEOUT: 'the request was not received in time',
};
const DEFAULT_MESSAGE = 'the request is not valid HTTP/1.1';

export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  // A pipelined request still being answered on this socket gets its answer first (Node's default
  // handler writes over it or drops it); the refusal follows once that response is out.
  // A request that timed out is not waited for: its answer may never come (a body never sent).
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const pending = inFlight != null && !inFlight.writableFinished;
  if (pending && error.code !== 'ERR_HTTP_REQUEST_TIMEOUT') {
    inFlight.once('finish', () => {
      if (socket.writable) refuse(error, socket);
      else socket.destroy();
    });
    return;
  }
  if (pending && inFlight.headersSent) socket.destroy();
  else refuse(error, socket);
}

function refuse(error: NodeJS.ErrnoException, socket: Socket): void {
  refuseOnSocket(socket, (error.code === undefined ? undefined : MESSAGES[error.code]) ?? DEFAULT_MESSAGE);
}

/**
 * CONNECT: without a listener Node closes the socket without a word. This target is no proxy, and no
 * operation has this method: a 400 with the error body, then the connection is closed.
 */
export function answerConnect(_request: IncomingMessage, socket: Duplex): void {
  refuseOnSocket(socket, 'CONNECT is not supported: this target is not a proxy');
}

/** A 400 with the contract's error body, written straight to the socket, which is then closed. */
function refuseOnSocket(socket: Duplex, message: string): void {
  const id = requestId();
  const body = JSON.stringify({ error: { id, status: 400, message } });
  socket.end(
    [
      'HTTP/1.1 400 Bad Request',
      'content-type: application/json; charset=utf-8',
      'cache-control: no-store',
      `x-request-id: ${id}`,
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
