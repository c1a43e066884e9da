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
 * The same goes for one step of a replayed sequence: a gateway refuses its DeleteKey.
 */

let reference: ReferenceHandle;
let gateway: Server;
let result: CliResult;

/** The reference under /api; `refuse` may answer a request itself (the first DELETE, say) instead. */
function startGateway(upstream: URL, refuse: (method: string) => boolean = () => false): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    if (refuse(incoming.method ?? '')) {
      outgoing
        .writeHead(403, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'the gateway refuses this credential' } }));
      return;
    }
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

/** signs-after-delete, as the stateful fuzzer reports it: the key signed after DeleteKey had archived it. */
const SEQUENCE_FINDING = {
  checkId: 'lifecycle_model',
  severity: 'critical',
  operationId: 'GenerateSignature',
  message: 'GenerateSignature(#0) answered 200 for a deleted key',
  exchange: { ...FINDING.exchange, response: { status: 200, headers: {}, body: '' } },
  replay: {
    seed: 1,
    path: '0',
    input: {
      kind: 'lifecycle',
      steps: [
        { op: 'CreateKey', scheme: 'ECDSA', curve: 'secp256k1', delayDelegation: false },
        { op: 'DeleteKey', key: 0 },
        { op: 'GenerateSignature', key: 0, hash: `0x${'00'.repeat(32)}` },
      ],
    },
  },
};

let sequenceGateway: Server;
let sequenceResult: CliResult;

beforeAll(async () => {
  reference = await startReference({ quiet: true });
  gateway = await startGateway(new URL(reference.url));
  // Only the sequence's DeleteKey: the replay's own cleanup deletes the key afterwards.
  let deletes = 0;
  sequenceGateway = await startGateway(
    new URL(reference.url),
    (method) => method === 'DELETE' && ++deletes === 1,
  );
  const dir = scratchDir('kc-replay-refused-');
  const replay = async (server: Server, base: string, finding: unknown, name: string): Promise<CliResult> => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(finding));
    const { port } = server.address() as AddressInfo;
    return runCli(['replay', file], {
      env: { ...targetEnv(reference), KEYS_API_URL: `http://127.0.0.1:${port}${base}` },
    });
  };
  [result, sequenceResult] = await Promise.all([
    replay(gateway, '/api', FINDING, 'request.json'),
    // Served at the root: every other step reaches the reference as signed.
    replay(sequenceGateway, '', SEQUENCE_FINDING, 'sequence.json'),
  ]);
}, 60_000);

afterAll(async () => {
  for (const server of [gateway, sequenceGateway]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await reference.close();
});

describe('keys-conformance replay against a target that refuses the request', () => {
  it('replay: a replayed request refused with 403 is "cannot tell" (exit 2), not "no longer fails"', () => {
    expect([result.code, result.stderr]).toEqual([
      2,
      expect.stringContaining('cannot tell: the target refused the replayed request (answered 403'),
    ]);
  });

  it('replay: a sequence whose DeleteKey was refused with 403, which no later step needed, is "cannot tell" (exit 2)', () => {
    expect([sequenceResult.code, sequenceResult.stderr]).toEqual([
      2,
      expect.stringContaining(
        'cannot tell: the target refused step 2. DeleteKey(#0) → 403 ("the gateway refuses this credential") at authentication',
      ),
    ]);
    expect(sequenceResult.stdout).not.toContain('no longer fails');
  });
});
