import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/client/client.ts';
import type { Dispatcher } from 'undici';
import type { Exchange } from '../../src/client/exchange.ts';
import { sendExchange } from '../../src/client/send-exchange.ts';
import {
  refusedPort,
  startLoopbackServer,
  type Handler,
  type LoopbackServer,
} from '../helpers/loopback-server.ts';

let server: LoopbackServer | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function getFrom(
  handler: Handler,
  options: { requestTimeoutMs?: number; maxResponseBytes?: number } = {},
): Promise<Exchange> {
  server = await startLoopbackServer(handler);
  client = createClient({ baseUrl: server.url, ...options });
  const result = await client.request({ method: 'GET', path: '/keys' });
  if (!result.sent) throw new Error(result.authError.message);
  return result.exchange;
}

const chunked =
  (size: number): Handler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('x'.repeat(size));
  };

describe('transport failures are returned, not thrown', () => {
  it('a server that never answers ends as failure timeout', async () => {
    const exchange = await getFrom(() => undefined, { requestTimeoutMs: 200 });
    expect(exchange.failure?.kind).toBe('timeout');
  });

  it('a server that sends headers and then stalls ends as failure timeout', async () => {
    const exchange = await getFrom(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"partial":');
      },
      { requestTimeoutMs: 300 },
    );
    expect([exchange.failure?.kind, exchange.response?.status]).toEqual(['timeout', 200]);
  });

  it('a refused port ends as failure network', async () => {
    const port = await refusedPort();
    client = createClient({ baseUrl: `http://127.0.0.1:${port}` });
    const result = await client.request({ method: 'GET', path: '/keys' });
    expect(result.sent ? result.exchange.failure?.kind : 'not sent').toBe('network');
  });

  it('a refused port names the cause in the failure message', async () => {
    const port = await refusedPort();
    client = createClient({ baseUrl: `http://127.0.0.1:${port}` });
    const result = await client.request({ method: 'GET', path: '/keys' });
    expect(result.sent ? result.exchange.failure?.message : 'not sent').toContain('ECONNREFUSED');
  });

  it('a connection reset mid-body ends as failure network, keeping the status', async () => {
    const exchange = await getFrom((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"a":', () => response.socket?.destroy());
    });
    expect([exchange.failure?.kind, exchange.response?.status]).toEqual(['network', 200]);
  });

  it('a request queued behind a stalled connection times out too', async () => {
    server = await startLoopbackServer(() => undefined);
    client = createClient({ baseUrl: server.url, connections: 1, requestTimeoutMs: 200 });
    const results = await Promise.all([
      client.request({ method: 'GET', path: '/keys/first' }),
      client.request({ method: 'GET', path: '/keys/queued' }),
    ]);
    // Whether the queued request reached the server depends on which deadline the event loop meets
    // first; that it is never sent once its own has passed is the deterministic test below.
    expect(results.map((result) => (result.sent ? result.exchange.failure?.kind : 'not sent'))).toEqual([
      'timeout',
      'timeout',
    ]);
  });

  it('a request still queued at its deadline is aborted the moment the pool starts it', async () => {
    // A dispatcher that queues the request and starts it only when told: the pool after its deadline.
    // undici checks for an abort made in onRequestStart before it writes the request (client-h1 writeH1).
    let start: ((controller: Dispatcher.DispatchController) => void) | undefined;
    const dispatcher = {
      dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        start = (controller) => handler.onRequestStart?.(controller, {});
        return false;
      },
    };
    const exchange = await sendExchange(
      dispatcher,
      {
        id: 'q-1',
        method: 'GET',
        url: 'http://127.0.0.1/keys',
        path: '/keys',
        pathWithQuery: '/keys',
        headers: {},
      },
      { requestTimeoutMs: 20, maxResponseBytes: 1024 },
    );
    const aborts: Error[] = [];
    start?.({
      aborted: false,
      paused: false,
      reason: null,
      abort: (reason) => aborts.push(reason),
      pause: () => undefined,
      resume: () => undefined,
    });
    expect([exchange.failure?.kind, aborts.length]).toEqual(['timeout', 1]);
  });

  it('a transport failure has no parsed body', async () => {
    const exchange = await getFrom(() => undefined, { requestTimeoutMs: 100 });
    expect(exchange.response?.parsed).toBeUndefined();
  });
});

describe('response size cap', () => {
  it('a streamed body over the cap ends as failure too-large', async () => {
    const exchange = await getFrom(chunked(4096), { maxResponseBytes: 1024 });
    expect(exchange.failure?.kind).toBe('too-large');
  });

  it('a too-large body keeps exactly the first cap bytes as evidence', async () => {
    const exchange = await getFrom(chunked(4096), { maxResponseBytes: 1024 });
    expect(exchange.response?.body).toBe('x'.repeat(1024));
  });

  it('a declared content-length over the cap ends as too-large without reading the body', async () => {
    const exchange = await getFrom(
      (_request, response) => {
        response.writeHead(200, { 'content-length': '5000' });
        response.end('y'.repeat(5000));
      },
      { maxResponseBytes: 1000 },
    );
    expect([exchange.failure?.kind, exchange.response?.body]).toEqual(['too-large', '']);
  });

  it('a body of exactly the cap is accepted', async () => {
    const exchange = await getFrom(chunked(1024), { maxResponseBytes: 1024 });
    expect([exchange.failure, exchange.response?.body.length]).toEqual([undefined, 1024]);
  });

  it('the default cap is 8 MiB: one byte more is too-large', async () => {
    const exchange = await getFrom(chunked(8 * 1024 * 1024 + 1));
    expect(exchange.failure?.kind).toBe('too-large');
  });
});

describe('response recording', () => {
  it('a non-JSON body is recorded as text with no parsed value and no failure', async () => {
    const exchange = await getFrom((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    expect([exchange.response?.body, exchange.response?.parsed, exchange.failure]).toEqual([
      '<html>Bad gateway</html>',
      undefined,
      undefined,
    ]);
  });

  it('a JSON body is parsed whatever the content type says', async () => {
    const exchange = await getFrom((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('{"items":[]}');
    });
    expect(exchange.response?.parsed).toEqual({ value: { items: [] } });
  });

  it('an empty body has no parsed value', async () => {
    const exchange = await getFrom((_request, response) => {
      response.writeHead(204);
      response.end();
    });
    expect([exchange.response?.status, exchange.response?.body, exchange.response?.parsed]).toEqual([
      204,
      '',
      undefined,
    ]);
  });

  it('response header names are recorded in lower case', async () => {
    const exchange = await getFrom((_request, response) => {
      response.setHeader('X-Request-Id', 'r-1');
      response.end('{}');
    });
    expect(exchange.response?.headers['x-request-id']).toBe('r-1');
  });
});

describe('close', () => {
  it('closing twice is harmless', async () => {
    client = createClient({ baseUrl: 'http://127.0.0.1:9' });
    await client.close();
    await expect(client.close()).resolves.toBeUndefined();
  });
});

describe('idle', () => {
  it('resolves at once when no request is under way', async () => {
    client = createClient({ baseUrl: 'http://127.0.0.1:9' });
    await expect(client.idle()).resolves.toBeUndefined();
  });

  it('waits for a request its caller stopped waiting for, until its answer reaches the listeners', async () => {
    server = await startLoopbackServer((_request, response) => {
      setTimeout(() => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end('{"id":"key-1"}');
      }, 150);
    });
    client = createClient({ baseUrl: server.url });
    const heard: number[] = [];
    client.onExchange((exchange) => heard.push(exchange.response?.status ?? 0));
    void client.request({ method: 'GET', path: '/keys' });
    await client.idle();
    expect(heard).toEqual([201]);
  });
});
