import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import type { Client } from '../../src/client/client.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { activeKeyIds, allKeys, referenceClient, targetEnv } from '../helpers/reference-client.ts';
import { isKeyCreation, runBehindHoldingProxy, type ProxiedRun } from './run-behind-proxy.ts';
import { runCli, type CliResult } from './run-cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

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
    expect(await activeKeyIds(client, created)).toEqual([]);
  });

  it('says what its cleanup did', () => {
    expect(result.stderr).toMatch(/^\s+keys: [1-9]\d* deleted, \d+ already archived or gone, 0 failed$/m);
  });

  it('removes its ledger once every key is deleted', () => {
    expect(ledgerKeys(result.reportsDir)).toEqual([]);
  });

  it('still writes its reports', () => {
    expect(result.report?.verdict).toBe('run-failed');
  });

  it('writes a complete junit.xml, under its own name', () => {
    const junit = readFileSync(join(result.reportsDir, 'junit.xml'), 'utf8');
    expect(junit.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(existsSync(join(result.reportsDir, 'junit.xml.partial'))).toBe(false);
  });
});

describe('a run killed with SIGKILL', () => {
  let reference: ReferenceHandle;
  let client: Client;
  let reportsDir: string;

  // A CI job killed for its time limit: the reports directory still holds the previous run's junit.xml.
  beforeAll(async () => {
    reference = await startReference({ quiet: true });
    client = referenceClient(reference);
    reportsDir = scratchDir('kc-meta-killed-');
    writeFileSync(join(reportsDir, 'junit.xml'), '<testsuites name="an earlier run"></testsuites>\n');
    let watcher: NodeJS.Timeout | undefined;
    await runCli(['run', '--suite', 'contract,crypto/export'], {
      env: targetEnv(reference),
      reportsDir,
      timeoutMs: 120_000,
      onSpawn: (child) => {
        watcher = setInterval(() => {
          void allKeys(client).then((keys) => {
            if (keys.length > 0 && child.exitCode === null) {
              clearInterval(watcher);
              child.kill('SIGKILL');
            }
          });
        }, 200);
      },
    });
    if (watcher !== undefined) clearInterval(watcher);
  }, 130_000);

  afterAll(async () => {
    await client.close();
    await reference.close();
  });

  it('leaves no junit.xml that a CI publisher would take for its results', () => {
    expect(existsSync(join(reportsDir, 'junit.xml'))).toBe(false);
  });
});

describe('a run interrupted while the target is creating a key for it', () => {
  let run: ProxiedRun;

  // The reference has made the key when its answer is held: SIGINT lands while the run's request for it
  // is under way, the window in which a stopped worker would never hear of the key.
  beforeAll(async () => {
    run = await runBehindHoldingProxy(['run', '--suite', 'crypto/export'], {
      holds: isKeyCreation,
      holdMs: 2_000,
      onHold: (child) => child.kill('SIGINT'),
    });
  }, 130_000);

  afterAll(async () => {
    await run.close();
  });

  it('was stopped after the target created a key for it', () => {
    expect(run.result.stdout).toMatch(/^RUN FAILED: the run was interrupted/m);
    expect(run.created.size).toBeGreaterThanOrEqual(1);
  });

  it('still deletes the key whose answer came after the interrupt', async () => {
    expect(await activeKeyIds(run.client, run.created)).toEqual([]);
  });
});

describe('a run interrupted twice (quit now)', () => {
  let run: ProxiedRun;

  // The second SIGINT lands while the run waits for a key it asked for, after it has recorded others.
  beforeAll(async () => {
    let creations = 0;
    run = await runBehindHoldingProxy(['run', '--suite', 'crypto/export'], {
      holds: (request) => isKeyCreation(request) && ++creations > 3,
      holdMs: 5_000,
      onHold: (child) => {
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGINT'), 300);
      },
    });
  }, 130_000);

  afterAll(async () => {
    await run.close();
  });

  it('exits 130 and names the ledger that `keys-conformance cleanup` takes', () => {
    const { result } = run;
    const ledger = ledgerKeys(result.reportsDir);
    expect([result.code, ledger.length > 0]).toEqual([130, true]);
    expect(result.stderr).toMatch(
      /quitting without deleting the keys this run created; .*ledgers.*\.jsonl lists them/,
    );
    expect(result.stderr).toContain('`keys-conformance cleanup --ledger ');
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
