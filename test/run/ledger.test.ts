import { appendFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendToLedger, discardLedger, readLedger } from '../../src/run/ledger.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

function ledgerFile(): string {
  return join(scratchDir('kc-ledger-'), 'nested', 'run.jsonl');
}

describe('ledger', () => {
  it('reads back every appended key once, in order', () => {
    const file = ledgerFile();
    for (const keyId of ['key-a', 'key-b', 'key-a'])
      appendToLedger(file, { keyId, runId: 'r', createdAt: 't' });
    expect(readLedger(file).map((e) => e.keyId)).toEqual(['key-a', 'key-b']);
  });

  it('ignores a torn last line left by a killed run', () => {
    const file = ledgerFile();
    appendToLedger(file, { keyId: 'key-a', runId: 'r', createdAt: 't' });
    appendFileSync(file, '{"keyId":"key-b","runI');
    expect(readLedger(file).map((e) => e.keyId)).toEqual(['key-a']);
  });

  it('reads a missing ledger as empty', () => {
    expect(readLedger(join(tmpdir(), 'kc-no-such-ledger.jsonl'))).toEqual([]);
  });

  it('is readable by its owner only', () => {
    const file = ledgerFile();
    appendToLedger(file, { keyId: 'key-a', runId: 'r', createdAt: 't' });
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('run: discarding the last ledger of a run leaves no empty ledgers folder in the reports', () => {
    const file = ledgerFile();
    appendToLedger(file, { keyId: 'key-a', runId: 'r', createdAt: 't' });
    discardLedger(file);
    expect(existsSync(dirname(file))).toBe(false);
  });

  it('run: discarding a ledger keeps the ledgers of other runs', () => {
    const file = ledgerFile();
    const other = join(dirname(file), 'other.jsonl');
    appendToLedger(file, { keyId: 'key-a', runId: 'r', createdAt: 't' });
    appendToLedger(other, { keyId: 'key-b', runId: 'o', createdAt: 't' });
    discardLedger(file);
    expect([existsSync(file), readLedger(other).map((e) => e.keyId)]).toEqual([false, ['key-b']]);
  });
});
