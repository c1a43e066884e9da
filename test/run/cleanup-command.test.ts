import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import type { Client } from '../../src/client/client.ts';
import { appendToLedger } from '../../src/run/ledger.ts';
import { createTestKey, keyStatus, referenceClient, targetEnv } from '../helpers/reference-client.ts';
import { runCli } from '../meta/run-cli.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/**
 * `keys-conformance cleanup --ledger FILE`: what an operator runs after a run was killed before it could
 * delete its keys. It deletes exactly the ledger's keys that are still active, and nothing else.
 */
describe('keys-conformance cleanup', () => {
  let reference: ReferenceHandle;
  let client: Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    reference = await startReference({ quiet: true });
    client = referenceClient(reference);
    env = targetEnv(reference);
  });

  afterAll(async () => {
    await client.close();
    await reference.close();
  });

  it('deletes the active keys of the ledger and leaves every other key alone', async () => {
    const [left, alreadyDeleted, notMine] = [
      await createTestKey(client),
      await createTestKey(client),
      await createTestKey(client),
    ];
    await client.request({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId: alreadyDeleted } });
    const ledger = join(scratchDir('kc-cleanup-'), 'run.jsonl');
    for (const keyId of [left, alreadyDeleted])
      appendToLedger(ledger, { keyId, runId: 'r', createdAt: 'now' });

    const result = await runCli(['cleanup', '--ledger', ledger], { env });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('1 deleted, 1 already archived or gone, 0 failed');
    expect([
      await keyStatus(client, left),
      await keyStatus(client, alreadyDeleted),
      await keyStatus(client, notMine),
    ]).toEqual(['Archived', 'Archived', 'Active']);
  });

  it("also deletes a key named after the ledger's run that the ledger missed", async () => {
    const [recorded, missed, otherRun] = [
      await createTestKey(client, 'kc-run9-recorded'),
      await createTestKey(client, 'kc-run9-missed'),
      await createTestKey(client, 'kc-run10-other'),
    ];
    const ledger = join(scratchDir('kc-cleanup-'), 'run.jsonl');
    appendToLedger(ledger, { keyId: recorded, runId: 'run9', createdAt: 'now' });

    const result = await runCli(['cleanup', '--ledger', ledger], { env });

    expect([result.code, result.stdout.trim()]).toEqual([
      0,
      '2 deleted, 0 already archived or gone, 0 failed',
    ]);
    expect(result.stderr).toMatch(/^1 key\(s\) named after this run were missing from its ledger/);
    expect([
      await keyStatus(client, recorded),
      await keyStatus(client, missed),
      await keyStatus(client, otherRun),
    ]).toEqual(['Archived', 'Archived', 'Active']);
  });

  it('prints a key id the target made up with terminal escapes as \\u001b, not raw', async () => {
    const keyId = `key-${'x'.repeat(64)}\u001b[2J\n# done`;
    const ledger = join(scratchDir('kc-cleanup-'), 'run.jsonl');
    appendToLedger(ledger, { keyId, runId: 'run-escapes', createdAt: 'now' });

    const result = await runCli(['cleanup', '--ledger', ledger], { env });

    expect([result.code, result.stderr.includes('\u001b'), result.stderr]).toEqual([
      1,
      false,
      expect.stringContaining(`${'x'.repeat(64)}\\u001b[2J\\u000a# done: DeleteKey answered 400`),
    ]);
  });

  it('reads the config file a run reads, run settings and all', async () => {
    const key = await createTestKey(client);
    const dir = scratchDir('kc-cleanup-');
    const ledger = join(dir, 'run.jsonl');
    appendToLedger(ledger, { keyId: key, runId: 'r', createdAt: 'now' });
    const config = [
      `baseUrl: ${env.KEYS_API_URL}`,
      `credentialId: ${env.KEYS_API_CREDENTIAL_ID}`,
      `credentialKey: ${env.KEYS_API_CREDENTIAL_KEY}`,
      'suites: [contract, crypto]',
      'fuzz: { runs: 20, timeBudget: 30s }',
    ];
    writeFileSync(join(dir, 'keys-conformance.config.yaml'), `${config.join('\n')}\n`);

    const result = await runCli(['cleanup', '--ledger', ledger], {
      env: { KEYS_API_TOKEN: env.KEYS_API_TOKEN ?? '' },
      cwd: dir,
    });

    expect([result.code, result.stderr.trim()]).toEqual([0, '']);
    expect(await keyStatus(client, key)).toBe('Archived');
  });

  it('refuses a ledger of keys created on another target, deleting nothing', async () => {
    const key = await createTestKey(client);
    const ledger = join(scratchDir('kc-cleanup-'), 'run.jsonl');
    appendToLedger(ledger, { keyId: key, runId: 'r', createdAt: 'now', target: 'https://staging.test/' });

    const result = await runCli(['cleanup', '--ledger', ledger], { env });

    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `keys-conformance cleanup: ${ledger} lists keys created on https://staging.test/, not on ${env.KEYS_API_URL}: give that target (--target or KEYS_API_URL) with its token and credential`,
    );
    expect(await keyStatus(client, key)).toBe('Active');
  });

  it('takes a ledger whose target is this one, however the URL is written', async () => {
    const key = await createTestKey(client);
    const ledger = join(scratchDir('kc-cleanup-'), 'run.jsonl');
    appendToLedger(ledger, { keyId: key, runId: 'r', createdAt: 'now', target: `${reference.url}/` });

    const result = await runCli(['cleanup', '--ledger', ledger], { env });

    expect([result.code, result.stdout.trim()]).toEqual([
      0,
      '1 deleted, 0 already archived or gone, 0 failed',
    ]);
  });

  it('says there is nothing to do for an empty ledger', async () => {
    const ledger = join(scratchDir('kc-cleanup-'), 'run.jsonl');
    writeFileSync(ledger, '');
    const result = await runCli(['cleanup', '--ledger', ledger], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^nothing to do: .* lists no keys$/m);
  });

  it.each([
    [
      'a ledger that does not exist',
      () => join(tmpdir(), 'kc-no-such-ledger.jsonl'),
      /does not exist \(a run removes its ledger once every key it made is deleted\)$/,
    ],
    [
      'a directory',
      () => scratchDir('kc-cleanup-'),
      /is a directory; give the ledger file \(ledgers\/<run-id>\.jsonl\)$/,
    ],
    [
      'a file that is no ledger',
      () => {
        const file = join(scratchDir('kc-cleanup-'), 'findings.json');
        writeFileSync(file, '{\n  "format": "keys-conformance/findings@1"\n}\n');
        return file;
      },
      /is not a run ledger: none of its lines is a \{"keyId","runId","createdAt"\} entry$/,
    ],
  ])('exits 2 for %s, rather than finding nothing to do', async (_what, ledger, message) => {
    const result = await runCli(['cleanup', '--ledger', ledger()], { env });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
  });

  it('says it could not look for missed keys when ListKeys refuses, not that none was missed', async () => {
    const ledger = join(scratchDir('kc-cleanup-'), 'run.jsonl');
    appendToLedger(ledger, { keyId: 'key-gone', runId: 'r', createdAt: 'now' });
    const result = await runCli(['cleanup', '--ledger', ledger], {
      env: { ...env, KEYS_API_TOKEN: 'not-a-token' },
    });
    expect(result.stderr).toMatch(
      /^could not look for keys named after this run that its ledger missed: ListKeys answered 401$/m,
    );
    expect(result.stderr).not.toContain('no key named after this run was missing');
  });

  it.each([
    ['without --ledger', [], /^keys-conformance cleanup: --ledger FILE is required$/m],
    [
      'with an unknown flag',
      ['--ledger', 'x', '--teleport'],
      /^keys-conformance cleanup: unknown option '--teleport'$/m,
    ],
  ])('exits 2 %s, with one line saying why', async (_what, args, message) => {
    const result = await runCli(['cleanup', ...args], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 naming the missing settings when no target is configured', async () => {
    const result = await runCli(['cleanup', '--ledger', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing settings: baseUrl \(--target, KEYS_API_URL/);
  });
});
