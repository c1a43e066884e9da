import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/index.ts';
import { createHarness, type Harness } from '../../src/harness/harness.ts';
import { beginTest, captureRecords, endTest } from '../../src/harness/recorder.ts';
import { BUILTIN_PROFILES } from '../../src/run/profile.ts';
import { RUN_DEFAULTS } from '../../src/run/run-settings.ts';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/**
 * A call the target still answers 429 after the client's retries said "not now": a test cannot build on it
 * (an UpdateKey that never happened reads back as a finding), while a fuzz input is only left unjudged.
 * The target here answers every request 429 with Retry-After: 0.
 */

let server: LoopbackServer | undefined;
let h: Harness | undefined;

async function pacedHarness(): Promise<Harness> {
  server = await startLoopbackServer((_request, response) => {
    response.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
    response.end('{"error":{"id":"x","status":429,"message":"slow down"}}');
  });
  const contract = loadContract();
  const profile = BUILTIN_PROFILES.full;
  if (profile === undefined) throw new Error('no full profile');
  h = createHarness({
    runId: 'throttled',
    baseUrl: server.url,
    token: 'test-token',
    credentialId: 'cr-test',
    credentialKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    contractFile: contract.source,
    contractJson: JSON.stringify(contract.document),
    profileName: profile.name,
    profileJson: JSON.stringify(profile),
    ledgerFile: join(scratchDir('kc-throttled-'), 'ledger.jsonl'),
    transport: { requestTimeoutMs: 30_000 },
    fuzz: {
      runs: RUN_DEFAULTS.runs,
      seed: 1,
      timeBudgetMs: RUN_DEFAULTS.timeBudgetMs,
      concurrency: RUN_DEFAULTS.fuzzConcurrency,
    },
  });
  return h;
}

const UNKNOWN_KEY = 'key-00000-00000-00000000000000000';

beforeEach(() => {
  beginTest({ file: 'test/harness/throttled-call.test.ts', name: 'throttled call' });
});
afterEach(async () => {
  endTest();
  await h?.client.close();
  await server?.close();
  [h, server] = [undefined, undefined];
});

describe('a call the target keeps pacing', () => {
  it('GetKey: a throttled call stops the test as throttled', async () => {
    const paced = await pacedHarness();
    await expect(paced.call('GetKey', { pathParams: { keyId: UNKNOWN_KEY } })).rejects.toThrow(
      /^throttled: GetKey: /,
    );
  });

  it('GetKey: a throttled call within a capture returns, unjudged', async () => {
    const paced = await pacedHarness();
    const { value, records } = await captureRecords((sink) =>
      paced.within(sink).call('GetKey', { pathParams: { keyId: UNKNOWN_KEY } }),
    );
    expect([value.response?.status, records.throttled, records.findings]).toEqual([429, 1, []]);
  });
});
