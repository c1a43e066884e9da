import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import type { Client } from '../../src/client/client.ts';
import { startHoldingProxy, type HoldingProxy } from '../helpers/holding-proxy.ts';
import { allKeys, referenceClient, targetEnv } from '../helpers/reference-client.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * A key the target created while the run stopped listening (its answer came after --timeout) is in no
 * ledger; the run finds it by the name its tests give every key and deletes it all the same.
 */
describe('a run whose key creations are answered after its deadline', () => {
  let reference: ReferenceHandle;
  let proxy: HoldingProxy;
  let client: Client;
  let result: CliResult;
  let late = 0;
  const created = new Set<string>();

  beforeAll(async () => {
    reference = await startReference({ quiet: true });
    client = referenceClient(reference);
    const before = new Set((await allKeys(client)).map((key) => String(key.id)));
    // The first two creations: enough to leave keys behind, few enough to keep the run short.
    proxy = await startHoldingProxy({
      target: reference.url,
      holds: ({ method, url }) => method === 'POST' && /^\/keys(\/import)?(\?|$)/.test(url) && ++late <= 2,
      holdMs: 2_500,
    });
    result = await runCli(['run', '--suite', 'crypto/export', '--timeout', '1s'], {
      env: { ...targetEnv(reference), KEYS_API_URL: proxy.url },
      timeoutMs: 120_000,
    });
    for (const key of await allKeys(client)) if (!before.has(String(key.id))) created.add(String(key.id));
  }, 130_000);

  afterAll(async () => {
    await client.close();
    await proxy.close();
    await reference.close();
  });

  it('reports the unanswered creations as response_received findings', () => {
    const late = (result.report?.findings ?? []).filter((f) => f.checkId === 'response_received');
    expect(late.map((f) => f.operationId)).toContain('ImportKey');
  });

  it('finds the keys its ledger missed by their names and says so', () => {
    expect(result.stderr).toMatch(/\d+ key\(s\) named after this run were missing from its ledger/);
  });

  it('leaves no key it created Active', async () => {
    const active: string[] = [];
    for (const key of await allKeys(client)) {
      if (created.has(String(key.id)) && key.status === 'Active') active.push(String(key.id));
    }
    expect([created.size > 0, active]).toEqual([true, []]);
  });
});
