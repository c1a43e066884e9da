import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy on 127.0.0.1 in front of a target that forwards every request at once but holds back the answer
 * to the ones `holds` picks for `holdMs`: the target has done the work (created the key), the client has
 * not heard of it yet. It puts a run in that window on purpose, where a race would find it by luck.
 */

export interface HeldRequest {
  readonly method: string;
  readonly url: string;
}

export interface HoldingProxyOptions {
  readonly target: string;
  readonly holds: (request: HeldRequest) => boolean;
  readonly holdMs: number;
  /** Called when an answer starts being held, once the target has answered. */
  readonly onHold?: (request: HeldRequest) => void;
}

export interface HoldingProxy {
  readonly url: string;
  close(): Promise<void>;
}

export async function startHoldingProxy(options: HoldingProxyOptions): Promise<HoldingProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const held: HeldRequest = { method: incoming.method ?? '', url: incoming.url ?? '' };
      const headers: IncomingHttpHeaders = { ...incoming.headers, host: target.host };
      const forwarded = httpRequest(
        { host: target.hostname, port: target.port, method: held.method, path: held.url, headers, agent },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const reply = (): void => {
              outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
              outgoing.end(Buffer.concat(body));
            };
            if (!options.holds(held)) {
              reply();
              return;
            }
            options.onHold?.(held);
            const timer = setTimeout(() => {
              timers.delete(timer);
              reply();
            }, options.holdMs);
            timers.add(timer);
          });
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(error.message);
      });
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        agent.destroy();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
