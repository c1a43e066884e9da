import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawBody } from '../../src/client/request-body.ts';
import { bodyOf, createKey, errorMessageOf, openSession, statusOf, type Session } from './session.ts';

/**
 * The HTTP surface: routing (unknown paths and methods are 404, the contract documents no 405), body
 * reading (413 above the cap), content type and JSON errors (400, the contract documents no 415), 401 with a
 * challenge header, keep-alive, and generic 500s.
 */
const MAX_BODY = 64 * 1024;
let session: Session;
beforeAll(async () => {
  session = await openSession({ maxBodyBytes: MAX_BODY, faults: [] });
});
afterAll(async () => {
  await session.close();
});

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request made with node:http directly, for what the client cannot send (chunked bodies, no Content-Length). */
function rawRequest(options: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  chunks?: Buffer[];
}): Promise<RawResponse> {
  const url = new URL(session.ref.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: { authorization: `Bearer ${session.ref.token}`, ...options.headers },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe('routing', () => {
  it.each([
    { method: 'GET', path: '/wallets' },
    { method: 'GET', path: '/keys/a/b/c/d' },
    { method: 'GET', path: '/keys/' },
  ] as const)('$method $path: 404 for a path the contract does not have', async ({ method, path }) => {
    const exchange = await session.call({ method, path });
    expect(statusOf(exchange)).toBe(404);
    expect(bodyOf(exchange)).toMatchObject({
      error: { status: 404, message: expect.stringContaining('no operation') as string },
    });
  });

  it.each([
    { method: 'PATCH', path: '/keys' },
    { method: 'DELETE', path: '/signers' },
    { method: 'OPTIONS', path: '/keys' },
  ] as const)('$method $path: 404 for a method the path does not offer', async ({ method, path }) => {
    const exchange = await session.call({ method, path, auth: { userAction: 'omit' } });
    expect(statusOf(exchange)).toBe(404);
    expect(errorMessageOf(exchange)).toBe(`${method} is not an operation of this path (see openapi.yaml)`);
  });

  it('ListKeys: HEAD is answered as GET, without the content', async () => {
    const response = await rawRequest({ method: 'HEAD', path: '/keys' });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    expect(Number(response.headers['content-length'])).toBeGreaterThan(0);
  });

  it('GET /keys/import is GetKey of a key called "import" (literal paths only win for their own methods)', async () => {
    const exchange = await session.call({ method: 'GET', path: '/keys/import' });
    expect(exchange.operationId).toBe('GetKey');
    expect(statusOf(exchange)).toBe(404);
  });

  it('a path parameter long enough to pass 16 KiB percent-encoded is validated (400), not refused by the parser', async () => {
    const exchange = await session.call({
      method: 'GET',
      path: '/keys/{keyId}',
      pathParams: { keyId: '€'.repeat(2048) },
    });
    expect(exchange.request.path.length).toBeGreaterThan(16 * 1024);
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe('path parameter keyId must NOT have more than 64 characters');
  });

  it('a path segment that is not valid percent-encoding is a 400', async () => {
    const response = await rawRequest({ method: 'GET', path: '/keys/%E0%A4%A' });
    expect(response.status).toBe(400);
  });
});

describe('bodies', () => {
  it('malformed JSON is a 400 that does not quote the body', async () => {
    const exchange = await session.call({
      method: 'POST',
      path: '/keys',
      body: rawBody('{"scheme":"ECDSA",', 'application/json'),
    });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(/^the request body is not valid JSON/);
    expect(errorMessageOf(exchange)).not.toContain('ECDSA');
  });

  it('a JSON body sent as text/plain is a 400 naming the expected content type', async () => {
    const body = rawBody(JSON.stringify({ scheme: 'ECDSA', curve: 'secp256k1' }), 'text/plain');
    const exchange = await session.call({ method: 'POST', path: '/keys', body });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe('Content-Type must be application/json, got "text/plain"');
  });

  it('application/json with a charset parameter is accepted', async () => {
    const body = rawBody(
      JSON.stringify({ scheme: 'ECDSA', curve: 'secp256k1' }),
      'application/json; charset=utf-8',
    );
    expect(statusOf(await session.call({ method: 'POST', path: '/keys', body }))).toBe(200);
  });

  const KEY_BODY = JSON.stringify({ scheme: 'ECDSA', curve: 'secp256k1' });

  it('CreateKey: a body signed and sent with a byte order mark is a 400 naming it, not a payload mismatch', async () => {
    const body = rawBody(`\uFEFF${KEY_BODY}`, 'application/json');
    const exchange = await session.call({ method: 'POST', path: '/keys', body });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe(
      'the request body starts with a byte order mark (U+FEFF), which JSON texts must not carry',
    );
  });

  it('CreateKey: a user action signed without a byte order mark does not pass for the body with one', async () => {
    const exchange = await session.call({
      method: 'POST',
      path: '/keys',
      body: rawBody(`\uFEFF${KEY_BODY}`, 'application/json'),
      auth: { userAction: { sign: { method: 'POST', path: '/keys', payload: KEY_BODY } } },
    });
    expect(statusOf(exchange)).toBe(403);
  });

  it('a POST without a body is a 400 saying a body is required', async () => {
    const exchange = await session.call({ method: 'POST', path: '/keys' });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe('a JSON request body is required');
  });

  it('DeleteKey with a non-empty body is a 400', async () => {
    const key = await createKey(session, { scheme: 'ECDSA', curve: 'secp256k1' });
    const exchange = await session.call({
      method: 'DELETE',
      path: '/keys/{keyId}',
      pathParams: { keyId: key.id as string },
      body: { force: true },
    });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe(
      'DeleteKey takes no request body (an empty body or {} is accepted)',
    );
  });

  it('a body over the cap is read to its end and refused with 413 on a connection kept alive', async () => {
    // No user action: the size is judged before anything else looks at the request.
    const body = rawBody('x'.repeat(MAX_BODY + 1), 'application/json');
    const exchange = await session.call({
      method: 'POST',
      path: '/keys',
      body,
      auth: { userAction: 'omit' },
    });
    expect(statusOf(exchange)).toBe(413);
    expect(bodyOf(exchange)).toMatchObject({
      error: { status: 413, message: `request body is larger than ${MAX_BODY} bytes` },
    });
  });

  it.each([
    { operationId: 'DeleteKey', method: 'DELETE', path: '/keys/key-none' },
    { operationId: 'ListKeys', method: 'GET', path: '/keys' },
  ] as const)(
    '$operationId: a body over the cap is a 400, since it documents no 413',
    async ({ operationId, method, path }) => {
      const response = await rawRequest({
        method,
        path,
        // Node frames no GET or DELETE body by default: the length has to be given.
        headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY + 1) },
        chunks: [Buffer.alloc(MAX_BODY + 1, 0x20)],
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({
        error: {
          message: `${operationId} takes no request body (request body is larger than ${MAX_BODY} bytes)`,
        },
      });
    },
  );

  it('a user action for an oversized payload gets the 413, not a broken pipe', async () => {
    const result = await session.client.request({
      method: 'POST',
      path: '/keys',
      body: rawBody(`"${'x'.repeat(MAX_BODY * 3)}"`, 'application/json'),
    });
    expect(result.sent).toBe(false);
    if (!result.sent)
      expect(result.authError.message).toBe(
        `user-action signing failed at init: 413 request body is larger than ${MAX_BODY} bytes`,
      );
  });

  it('a declared body beyond what is worth draining is refused at once and the connection closed', async () => {
    const response = await rawRequest({
      method: 'POST',
      path: '/keys',
      headers: { 'content-type': 'application/json', 'content-length': String(2 ** 40) },
    }).catch((error: unknown) => error as Error);
    if (response instanceof Error) throw response;
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
  });

  it('a chunked body that grows over the cap is refused with 413', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const response = await rawRequest({
      method: 'POST',
      path: '/keys',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: Array.from({ length: 6 }, () => chunk),
    });
    expect(response.status).toBe(413);
  });
});

describe('responses', () => {
  it('a 401 carries WWW-Authenticate: Bearer and the error body', async () => {
    const exchange = await session.call({ method: 'GET', path: '/keys', auth: { bearer: 'wrong' } });
    expect(statusOf(exchange)).toBe(401);
    expect(exchange.response?.headers['www-authenticate']).toBe('Bearer');
    expect(errorMessageOf(exchange)).toBe('Not Authorized: the bearer token is not valid');
  });

  it('a missing Authorization header is named as such', async () => {
    const exchange = await session.call({ method: 'GET', path: '/keys', auth: { bearer: false } });
    expect(errorMessageOf(exchange)).toBe(
      'Not Authorized: no bearer token (expected the header Authorization: Bearer <token>)',
    );
  });

  it('the error id is also the x-request-id header', async () => {
    const exchange = await session.call({
      method: 'GET',
      path: '/keys/{keyId}',
      pathParams: { keyId: 'key-none' },
    });
    const error = bodyOf(exchange).error as { id: string };
    expect(exchange.response?.headers['x-request-id']).toBe(error.id);
  });

  it('ListKeys: an Expect other than 100-continue is ignored, not answered with an undocumented 417', async () => {
    const response = await rawRequest({
      method: 'GET',
      path: '/keys',
      headers: { expect: 'something-else' },
    });
    expect(response.status).toBe(200);
  });

  it('connections are kept alive', async () => {
    const response = await rawRequest({ method: 'GET', path: '/signers' });
    expect(response.headers.connection).toBe('keep-alive');
  });
});

/** Sends bytes as they are (what node:http refuses to send) and reads until the server closes. */
function socketExchange(text: string): Promise<{ head: string; body: string }> {
  const url = new URL(session.ref.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    const parts: Buffer[] = [];
    socket.on('data', (c: Buffer) => parts.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(parts).toString('utf8');
      const at = all.indexOf('\r\n\r\n');
      resolve({ head: all.slice(0, at), body: all.slice(at + 4) });
    });
  });
}

describe('CONNECT', () => {
  it('a CONNECT request is a 400 with the error body, not a silently closed connection', async () => {
    const auth = `authorization: Bearer ${session.ref.token}\r\n`;
    const { head, body } = await socketExchange(
      `CONNECT 127.0.0.1:443 HTTP/1.1\r\nhost: 127.0.0.1:443\r\n${auth}\r\n`,
    );
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(body)).toMatchObject({ error: { status: 400 } });
  });
});

describe('pipelined requests', () => {
  it('ListKeys: a request pipelined before one the parser refuses still gets its answer, then the 400', async () => {
    const auth = `authorization: Bearer ${session.ref.token}\r\n`;
    const valid = `GET /keys?limit=1 HTTP/1.1\r\nhost: x\r\n${auth}\r\n`;
    const { head, body } = await socketExchange(`${valid}get /keys HTTP/1.1\r\nhost: x\r\n\r\n`);
    const statusLines = `${head}\r\n\r\n${body}`.match(/HTTP\/1\.1 \d{3}/g);
    expect(statusLines).toEqual(['HTTP/1.1 200', 'HTTP/1.1 400']);
  });
});

describe('request targets and Host', () => {
  it('ListKeys: an HTTP/1.1 request without Host is a 400 with the error body', async () => {
    const auth = `authorization: Bearer ${session.ref.token}\r\n`;
    const { head, body } = await socketExchange(`GET /keys HTTP/1.1\r\n${auth}connection: close\r\n\r\n`);
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(body)).toMatchObject({
      error: { status: 400, message: 'an HTTP/1.1 request must carry a Host header' },
    });
  });

  it('ListKeys: a request target in absolute-form is served like its origin-form', async () => {
    const auth = `authorization: Bearer ${session.ref.token}\r\n`;
    const target = `${session.ref.url}/keys?limit=1`;
    const { head } = await socketExchange(
      `GET ${target} HTTP/1.1\r\nhost: x\r\n${auth}connection: close\r\n\r\n`,
    );
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });
});

describe('requests the HTTP parser refuses', () => {
  it.each([
    { what: 'a lower-case method', line: 'get /keys HTTP/1.1', extra: '' },
    {
      what: 'two Content-Length headers',
      line: 'GET /keys HTTP/1.1',
      extra: 'content-length: 0\r\ncontent-length: 1\r\n',
    },
    { what: 'a header line without a colon', line: 'GET /keys HTTP/1.1', extra: 'bad header\r\n' },
    {
      what: 'headers over the limit',
      line: 'GET /keys HTTP/1.1',
      extra: `x-long: ${'x'.repeat(300 * 1024)}\r\n`,
    },
  ])('ListKeys: $what is a 400 with the error body and x-request-id', async ({ line, extra }) => {
    const auth = `authorization: Bearer ${session.ref.token}\r\n`;
    const { head, body } = await socketExchange(`${line}\r\nhost: x\r\n${auth}${extra}\r\n`);
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    const error = (JSON.parse(body) as { error: { id: string; status: number } }).error;
    expect(error.status).toBe(400);
    expect(head).toContain(`x-request-id: ${error.id}`);
  });
});

describe('an unexpected failure', () => {
  it('is a 500 with the generic error body, never the exception', async () => {
    const faulty = await openSession({ faults: ['update-key-null-name-500'] });
    try {
      const key = await createKey(faulty, { scheme: 'ECDSA', curve: 'secp256k1', name: 'x' });
      const exchange = await faulty.call({
        method: 'PUT',
        path: '/keys/{keyId}',
        pathParams: { keyId: key.id as string },
        body: { name: null },
      });
      expect(statusOf(exchange)).toBe(500);
      expect(errorMessageOf(exchange)).toMatch(
        /^internal error; quote error id [a-z0-9]{20} to the operator of this target$/,
      );
      expect(exchange.response?.body).not.toContain('fault');
    } finally {
      await faulty.close();
    }
  });
});
