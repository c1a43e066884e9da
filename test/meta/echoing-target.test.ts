import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { targetEnv } from '../helpers/reference-client.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * A hostile target echoes the bearer token into what the suites quote. A created key whose publicKey is
 * the token stops the crypto tests on an error of their own that names the publicKey: that error reaches
 * junit.xml, Allure and findings.json (`test_aborted`), and none of them may hold the token.
 */

/** Forwards to the reference; a 200 CreateKey answer comes back with the caller's bearer token as publicKey. */
async function startEchoingProxy(target: string): Promise<{ readonly url: string; readonly server: Server }> {
  const { hostname, port } = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const forwarded = httpRequest(
        { host: hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            let text = Buffer.concat(body).toString('utf8');
            if (incoming.method === 'POST' && incoming.url === '/keys' && answer.statusCode === 200) {
              const token = (incoming.headers.authorization ?? '').replace(/^Bearer /, '');
              text = JSON.stringify({ ...(JSON.parse(text) as object), publicKey: token });
            }
            outgoing.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
            outgoing.end(text);
          });
        },
      );
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let reference: ReferenceHandle;
let proxy: { readonly url: string; readonly server: Server };
let result: CliResult;

beforeAll(async () => {
  reference = await startReference({ quiet: true });
  proxy = await startEchoingProxy(reference.url);
  result = await runCli(
    ['run', '--suite', 'crypto/signatures', '--grep', 'Hash signatures of created ECDSA/secp256k1 keys'],
    { env: { ...targetEnv(reference), KEYS_API_URL: proxy.url } },
  );
}, 180_000);

afterAll(async () => {
  proxy.server.closeAllConnections();
  await new Promise((resolve) => proxy.server.close(resolve));
  await reference.close();
});

describe('run against a target that echoes the bearer token as a publicKey', () => {
  it('run: the test stops on its own error, recorded as test_aborted', () => {
    expect(result.report?.findings.map((f) => f.checkId)).toContain('test_aborted');
  });

  it('run: no report file holds the token', () => {
    const leaks = files(result.reportsDir).filter((file) =>
      readFileSync(file, 'utf8').includes(reference.token),
    );
    expect(leaks).toEqual([]);
  });
});
