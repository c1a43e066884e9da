import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeKeyIds } from '../helpers/reference-client.ts';
import { isKeyCreation, runBehindHoldingProxy, type ProxiedRun } from './run-behind-proxy.ts';

/**
 * A key the target created while the run stopped listening (its answer came after --timeout) is in no
 * ledger; the run finds it by the name its tests give every key and deletes it all the same.
 */
describe('a run whose key creations are answered after its deadline', () => {
  let run: ProxiedRun;

  // The first two creations: enough to leave keys behind, few enough to keep the run short.
  beforeAll(async () => {
    let creations = 0;
    run = await runBehindHoldingProxy(['run', '--suite', 'crypto/export', '--timeout', '1s'], {
      holds: (request) => isKeyCreation(request) && ++creations <= 2,
      holdMs: 2_500,
    });
  }, 130_000);

  afterAll(async () => {
    await run.close();
  });

  it('reports the unanswered creations as response_received findings', () => {
    const late = (run.result.report?.findings ?? []).filter((f) => f.checkId === 'response_received');
    expect(late.map((f) => f.operationId)).toContain('ImportKey');
  });

  it('says what it looks for, then what it found', () => {
    expect(run.result.stderr).toMatch(
      /looking through ListKeys for keys named kc-\S+-… that the ledger missed\n\s+\d+ key\(s\) named after this run were missing from its ledger/,
    );
  });

  it('leaves no key it created Active', async () => {
    expect([run.created.size > 0, await activeKeyIds(run.client, run.created)]).toEqual([true, []]);
  });
});
