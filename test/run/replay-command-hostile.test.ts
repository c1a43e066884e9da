import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { targetEnv } from '../helpers/reference-client.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli } from '../meta/run-cli.ts';

/**
 * `replay` prints the findings of the replayed input on the terminal, worded with the target's own error
 * message: a hostile target's escape sequences must arrive there as text.
 */

const ESCAPES = '\u001b[2J\u001b]0;owned\u0007';

/** Forwards to the reference, except ListKeys with limit=7: a 500 whose message is terminal escapes. */
async function startEscapingProxy(target: string): Promise<Server> {
  const { hostname, port } = new URL(target);
  const server = createServer((incoming, outgoing) => {
    if (incoming.method === 'GET' && (incoming.url ?? '').startsWith('/keys?limit=7')) {
      outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: { message: `${ESCAPES} no` } }));
      return;
    }
    const forwarded = httpRequest(
      { host: hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

let reference: ReferenceHandle;
let proxy: Server;

beforeAll(async () => {
  reference = await startReference({ quiet: true });
  proxy = await startEscapingProxy(reference.url);
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await reference.close();
});

describe('keys-conformance replay against a hostile target', () => {
  it('ListKeys: the target message in "still fails" shows its escapes as \\u001b, not raw', async () => {
    const file = join(scratchDir('kc-replay-hostile-'), 'finding.json');
    writeFileSync(
      file,
      JSON.stringify({
        checkId: 'positive_data_accepted',
        severity: 'high',
        message: 'm',
        operationId: 'ListKeys',
        replay: {
          seed: 1,
          path: '0',
          input: {
            kind: 'request',
            operationId: 'ListKeys',
            expect: 'accepted',
            description: 'd',
            query: { limit: '7' },
          },
        },
      }),
    );
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    const result = await runCli(['replay', file], { env: { ...targetEnv(reference), KEYS_API_URL: url } });

    expect([result.code, result.stdout.includes('\u001b'), result.stdout]).toEqual([
      1,
      false,
      expect.stringContaining(
        'still fails: [high] positive_data_accepted ListKeys: answered 500 ("\\u001b[2J',
      ),
    ]);
  });
});
