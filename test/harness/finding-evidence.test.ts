import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/index.ts';
import { generateCredential } from '../../src/crypto/credential.ts';
import { createHarness, type Harness } from '../../src/harness/harness.ts';
import { beginTest, endTest } from '../../src/harness/recorder.ts';
import { BUILTIN_PROFILES } from '../../src/run/profile.ts';
import { RUN_DEFAULTS } from '../../src/run/run-settings.ts';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/**
 * A target that streams an endless body fills every response to the client's cap (8 MiB), and each finding
 * about it keeps its own copy of the response in findings.json and Allure: the copy is bounded.
 */

const contract = loadContract();
const TOKEN = 'test-bearer-token-0123456789-abcdefghijklmnopqrstuvwxyz';
let server: LoopbackServer | undefined;
let h: Harness | undefined;

afterEach(async () => {
  endTest();
  await h?.client.close();
  await server?.close();
  h = undefined;
  server = undefined;
});

function harnessFor(baseUrl: string): Harness {
  return createHarness({
    runId: 'evidence',
    baseUrl,
    token: TOKEN,
    credentialId: 'cr-abcde-fghij-0123456789abcd',
    credentialKeyPem: generateCredential('p256').privateKeyPem,
    contractFile: contract.source,
    contractJson: JSON.stringify(contract.document),
    profileName: 'full',
    profileJson: JSON.stringify(BUILTIN_PROFILES.full),
    ledgerFile: join(scratchDir('kc-evidence-'), 'ledger.jsonl'),
    transport: { requestTimeoutMs: 10_000 },
    fuzz: {
      runs: 1,
      seed: 1,
      timeBudgetMs: RUN_DEFAULTS.timeBudgetMs,
      concurrency: 1,
    },
  });
}

describe('Harness findings', () => {
  it('ListKeys: a finding about a 4 MiB 500 keeps at most 64 KiB of its body', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(`{"error":{"message":"${'x'.repeat(4 * 1024 * 1024)}"}}`);
    });
    h = harnessFor(server.url);
    beginTest({ file: 'test/harness/finding-evidence.test.ts', name: 'evidence' });
    await h.call('ListKeys', { query: { limit: 1 } });
    const sizes = endTest().findings.map((f) => f.exchange?.response?.body.length ?? 0);
    expect([sizes.length > 0, Math.max(...sizes) <= 64 * 1024 + 100]).toEqual([true, true]);
  });

  it('ListKeys: a bearer token echoed where the body is cut is still redacted', async () => {
    server = await startLoopbackServer((request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`${'x'.repeat(64 * 1024 - 20)}${request.headers.authorization ?? ''}${'x'.repeat(1024)}`);
    });
    h = harnessFor(server.url);
    beginTest({ file: 'test/harness/finding-evidence.test.ts', name: 'evidence' });
    await h.call('ListKeys', { query: { limit: 1 } });
    const bodies = endTest().findings.map((f) => f.exchange?.response?.body ?? '');
    expect([bodies.length > 0, bodies.some((body) => body.includes(TOKEN.slice(0, 13)))]).toEqual([
      true,
      false,
    ]);
  });
});
