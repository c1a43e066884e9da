import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A forward proxy on 127.0.0.1 that only tunnels (CONNECT), as corporate proxies do for https. It resolves
 * names under `.test` (RFC 6761: never in public DNS) to 127.0.0.1 itself, so a client given
 * `http://target.test:PORT` reaches the target only through the proxy, and traffic stays on loopback.
 */

export interface ConnectProxyOptions {
  /** `user:password` the proxy wants as Basic Proxy-Authorization; without it, any client may tunnel. */
  readonly credentials?: string;
  /** Answer every CONNECT with this status instead of opening the tunnel. */
  readonly refuseWith?: number;
}

export interface ConnectProxy {
  readonly url: string;
  /** `host:port` of every tunnel asked for, in order. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

function loopbackAddress(host: string): string | undefined {
  if (host === '127.0.0.1' || host === 'localhost' || host.endsWith('.test')) return '127.0.0.1';
  return undefined;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const server = createServer((_request, response) => {
    response.writeHead(405, { 'content-type': 'text/plain' }).end('this proxy only tunnels (CONNECT)');
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const target = request.url ?? '';
    tunnels.push(target);
    const refuse = (status: number, extra = ''): void => {
      client.end(`HTTP/1.1 ${status} Refused\r\n${extra}content-length: 0\r\n\r\n`);
    };
    if (options.refuseWith !== undefined) {
      refuse(options.refuseWith);
      return;
    }
    if (expected !== undefined && request.headers['proxy-authorization'] !== expected) {
      refuse(407, 'proxy-authenticate: Basic realm="test"\r\n');
      return;
    }
    const at = target.lastIndexOf(':');
    const address = loopbackAddress(target.slice(0, at));
    if (address === undefined) {
      refuse(403);
      return;
    }
    const upstream = connect(Number(target.slice(at + 1)), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => {
      refuse(502);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
