import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/client/client.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { proxyLabel, proxySecrets } from '../../src/client/proxy-dispatcher.ts';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.ts';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.ts';

let server: LoopbackServer | undefined;
let proxy: ConnectProxy | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await proxy?.close();
  await server?.close();
  client = proxy = server = undefined;
});

async function getThrough(
  proxyOptions: Parameters<typeof startConnectProxy>[0],
  proxyUrl: (url: string) => string = (url) => url,
): Promise<Exchange> {
  server = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  });
  proxy = await startConnectProxy(proxyOptions);
  client = createClient({ baseUrl: server.url, token: 'tok', proxy: proxyUrl(proxy.url) });
  const result = await client.request({ method: 'GET', path: '/keys', query: { limit: 1 } });
  if (!result.sent) throw new Error(result.authError.message);
  return result.exchange;
}

describe('client through a proxy', () => {
  it('ListKeys goes through the proxy: one CONNECT tunnel to the target carries the request', async () => {
    const exchange = await getThrough({});
    expect(exchange.response?.status).toBe(200);
    expect(proxy?.tunnels).toEqual([new URL(server?.url ?? '').host]);
    expect(server?.requests.map((r) => r.url)).toEqual(['/keys?limit=1']);
  });

  it('ListKeys records the headers it set, not the Host header the proxy agent adds', async () => {
    const exchange = await getThrough({});
    expect(Object.keys(exchange.request.headers)).not.toContain('host');
  });

  it('ListKeys sends the proxy credentials to the proxy only, never recording them', async () => {
    const exchange = await getThrough({ credentials: 'kc:pr0xy-s3cret' }, (url) =>
      url.replace('http://', 'http://kc:pr0xy-s3cret@'),
    );
    expect(exchange.response?.status).toBe(200);
    expect(JSON.stringify(exchange)).not.toContain('pr0xy-s3cret');
    expect(server?.requests[0]?.headers['proxy-authorization']).toBeUndefined();
    expect(client?.proxy).toBe(`http://…@${new URL(proxy?.url ?? '').host}`);
    expect(client?.redactor.scrub('sent pr0xy-s3cret')).not.toContain('pr0xy-s3cret');
  });

  it.each([
    [403, {}],
    [407, { credentials: 'kc:pw' }],
  ])(
    'ListKeys fails as a network failure naming the status when the proxy answers CONNECT with %i',
    async (status, options) => {
      const exchange = await getThrough({ ...options, ...(status === 403 ? { refuseWith: 403 } : {}) });
      expect(exchange.response).toBeUndefined();
      expect(exchange.failure?.message).toContain(`(${status})`);
      expect(server?.requests).toEqual([]);
    },
  );

  it('ListKeys times out, and the client closes, when the proxy never answers CONNECT', async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const silentClient = createClient({
      baseUrl: 'http://target.test:1',
      proxy: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 300,
    });
    try {
      const result = await silentClient.request({ method: 'GET', path: '/keys' });
      expect(result.sent && result.exchange.failure?.kind).toBe('timeout');
      // Without a deadline on the proxy connection, close() waited for undici's 300 s default.
      const closed = await Promise.race([
        silentClient.close().then(() => 'closed'),
        new Promise((resolve) => setTimeout(resolve, 10_000, 'still open after 10 s')),
      ]);
      expect(closed).toBe('closed');
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it('refuses a proxy that is not an http(s) URL, without echoing its credentials', () => {
    expect(() => createClient({ baseUrl: 'http://127.0.0.1:9', proxy: 'socks9://u:hidden@proxy:1' })).toThrow(
      'proxy "socks9://…@proxy:1" is not an http(s) URL',
    );
  });
});

describe('proxyLabel and proxySecrets', () => {
  it.each([
    ['http://proxy.corp:3128', 'http://proxy.corp:3128'],
    ['http://user:pass@proxy.corp:3128', 'http://…@proxy.corp:3128'],
    ['http://user:p@ss@proxy.corp:3128', 'http://…@proxy.corp:3128'],
    ['user:pass@proxy.corp:3128', '…@proxy.corp:3128'],
  ])('proxyLabel(%s) is %s', (url, label) => {
    expect(proxyLabel(url)).toBe(label);
  });

  it('proxySecrets names the password as written and decoded, and the whole URL', () => {
    expect(proxySecrets('http://u:p%40ss@proxy:1')).toEqual(['http://u:p%40ss@proxy:1', 'p%40ss', 'p@ss']);
  });

  it('proxySecrets is empty for a proxy without credentials', () => {
    expect(proxySecrets('http://proxy:1')).toEqual([]);
  });
});

describe('proxySecrets with a stray %', () => {
  it('names the password as written when it does not decode', () => {
    expect(proxySecrets('http://u:%zz@proxy:1')).toEqual(['http://u:%zz@proxy:1', '%zz', '%zz']);
  });
});
