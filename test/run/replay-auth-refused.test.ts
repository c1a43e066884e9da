import { writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { targetEnv } from '../helpers/reference-client.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli, type CliResult } from '../meta/run-cli.ts';

/**
 * A replayed request the target refuses at authentication never reaches the fault the finding is about, so
 * replay must not call it fixed. The target here is the reference behind a gateway that serves it under /api
 * and strips the prefix: the reference sees another path than the user action was signed for, and says 403.
 */

let reference: ReferenceHandle;
let gateway: Server;
let result: CliResult;

function startGateway(upstream: URL): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: (incoming.url ?? '/').replace(/^\/api/, ''),
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(server);
    });
  });
}

const FINDING = {
  checkId: 'not_a_server_error',
  severity: 'high',
  operationId: 'CreateKey',
  message: 'answered 500',
  exchange: {
    id: 'x-000001',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: { method: 'POST', url: 'http://127.0.0.1:1/keys', path: '/keys', headers: {} },
    response: { status: 500, headers: {}, body: '' },
  },
  replay: {
    seed: 1,
    path: '0',
    input: {
      kind: 'request',
      operationId: 'CreateKey',
      expect: 'accepted',
      description: 'a valid body (CreateKey)',
      body: { json: { scheme: 'ECDSA', curve: 'secp256k1' } },
    },
  },
};

beforeAll(async () => {
  reference = await startReference({ quiet: true });
  gateway = await startGateway(new URL(reference.url));
  const file = join(scratchDir('kc-replay-refused-'), 'finding.json');
  writeFileSync(file, JSON.stringify(FINDING));
  const { port } = gateway.address() as AddressInfo;
  result = await runCli(['replay', file], {
    env: { ...targetEnv(reference), KEYS_API_URL: `http://127.0.0.1:${port}/api` },
  });
}, 60_000);

afterAll(async () => {
  gateway.closeAllConnections();
  await new Promise((resolve) => gateway.close(resolve));
  await reference.close();
});

describe('keys-conformance replay against a target that refuses the request', () => {
  it('replay: a replayed request refused with 403 is "cannot tell" (exit 2), not "no longer fails"', () => {
    expect([result.code, result.stderr]).toEqual([
      2,
      expect.stringContaining('cannot tell: the target refused the replayed request (answered 403'),
    ]);
  });
});
