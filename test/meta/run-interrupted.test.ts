import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import type { Client } from '../../src/client/client.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { allKeys, referenceClient, targetEnv } from '../helpers/reference-client.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * What a demanding operator expects of Ctrl-C and of a profile: an interrupted run stops its suites,
 * still deletes every key it created, and says it failed (exit 2) — nothing left behind; a capability
 * the profile disables is reported not applicable, never passed.
 */

function ledgerKeys(reportsDir: string): string[] {
  const dir = join(reportsDir, 'ledgers');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => readLedger(join(dir, name)).map((entry) => entry.keyId));
}

describe('a run interrupted with SIGINT', () => {
  let reference: ReferenceHandle;
  let client: Client;
  let result: CliResult;
  const created = new Set<string>();

  beforeAll(async () => {
    reference = await startReference({ quiet: true });
    client = referenceClient(reference);
    // The keys the run creates, as the reference sees them: ListKeys before and after.
    const before = await allKeyIds();
    let watcher: NodeJS.Timeout | undefined;
    result = await runCli(['run', '--suite', 'contract,negative,crypto/export'], {
      env: targetEnv(reference),
      timeoutMs: 120_000,
      onSpawn: (child) => {
        // Interrupt once the run has created a few keys, i.e. mid-suite; exactly once (a second
        // SIGINT means "quit now, skip the cleanup").
        let sent = false;
        watcher = setInterval(() => {
          void allKeyIds().then((ids) => {
            if (!sent && [...ids].filter((id) => !before.has(id)).length >= 5) {
              sent = true;
              clearInterval(watcher);
              child.kill('SIGINT');
            }
          });
        }, 200);
      },
    });
    if (watcher !== undefined) clearInterval(watcher);
    for (const id of await allKeyIds()) if (!before.has(id)) created.add(id);
  }, 130_000);

  afterAll(async () => {
    await client.close();
    await reference.close();
  });

  async function allKeyIds(): Promise<Set<string>> {
    return new Set((await allKeys(client)).map((key) => String(key.id)));
  }

  it('exits 2, saying it was interrupted', () => {
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^RUN FAILED: the run was interrupted/m);
  });

  it('had created keys when it was stopped', () => {
    expect(created.size).toBeGreaterThanOrEqual(5);
  });

  it('leaves none of them Active', async () => {
    const active: string[] = [];
    for (const keyId of created) {
      const read = await client.request({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId } });
      const status = (read.sent ? read.exchange.response?.parsed?.value : undefined) as
        { status?: string } | undefined;
      if (status?.status === 'Active') active.push(keyId);
    }
    expect(active).toEqual([]);
  });

  it('removes its ledger once every key is deleted', () => {
    expect(ledgerKeys(result.reportsDir)).toEqual([]);
  });

  it('still writes its reports', () => {
    expect(result.report?.verdict).toBe('run-failed');
  });
});

describe('a run with a profile that disables import and export', () => {
  let result: CliResult;
  beforeAll(async () => {
    result = await runCli(['run', '--suite', 'crypto/export', '--profile', 'dfns']);
  }, 130_000);

  it('reports the export tests not applicable, none of them passed', () => {
    const tests = result.report?.tests ?? [];
    expect(tests.length).toBeGreaterThan(0);
    expect(tests.filter((t) => t.state !== 'not-applicable').map((t) => t.name)).toEqual([]);
    expect(tests.every((t) => t.note?.startsWith('not applicable: profile dfns disables'))).toBe(true);
  });

  it('is conformant: nothing it was asked to test failed', () => {
    expect(result.code).toBe(0);
  });
});
