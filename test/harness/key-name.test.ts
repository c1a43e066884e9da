import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codePointLength } from '../../generators/unicode.ts';
import { loadContract } from '../../src/contract/index.ts';
import { generateCredential } from '../../src/crypto/credential.ts';
import { createHarness, type Harness } from '../../src/harness/harness.ts';
import { readLedger } from '../../src/run/ledger.ts';
import { BUILTIN_PROFILES } from '../../src/run/profile.ts';

const contract = loadContract();
const dir = mkdtempSync(join(tmpdir(), 'kc-key-name-'));
const harnesses: Harness[] = [];

afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.client.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** A harness over openapi.yaml with ImportKeyBody's `name` capped at `maxLength`; it sends nothing here. */
function harnessWithImportNameMax(maxLength: number | undefined): Harness {
  const document = structuredClone(contract.document) as {
    components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
  };
  const name = document.components.schemas.ImportKeyBody!.properties.name!;
  if (maxLength === undefined) delete name.maxLength;
  else name.maxLength = maxLength;
  const profile = BUILTIN_PROFILES.full!;
  const h = createHarness({
    runId: '20261121t182023z-db79',
    baseUrl: 'http://127.0.0.1:9',
    token: 't',
    credentialId: 'cr-1',
    credentialKeyPem: generateCredential('p256').privateKeyPem,
    contractFile: 'edited.yaml',
    contractJson: JSON.stringify(document),
    profileName: profile.name,
    profileJson: JSON.stringify(profile),
    ledgerFile: join(dir, 'ledger.jsonl'),
    transport: { requestTimeoutMs: 1_000 },
    fuzz: { runs: 1, seed: 1, timeBudgetMs: 1_000, concurrency: 1 },
  });
  harnesses.push(h);
  return h;
}

describe('Harness.keyName', () => {
  it('CreateKey: a key name carries the run id and the label', () => {
    expect(harnessWithImportNameMax(100).keyName('create')).toBe('kc-20261121t182023z-db79-create');
  });

  it('ImportKey: cuts the name to the shortest maxLength a naming body sets', () => {
    const name = harnessWithImportNameMax(20).keyName('a-label-long-enough-to-be-cut');
    expect([name, codePointLength(name)]).toEqual(['kc-20261121t182023z-', 20]);
  });

  it('CreateKey: the other bodies’ bound (100) holds when ImportKeyBody sets none', () => {
    expect(harnessWithImportNameMax(undefined).keyName('x'.repeat(150))).toHaveLength(100);
  });
});

describe('Harness.owns', () => {
  it('CreateKey: writes the key to the ledger with the target it was created on', () => {
    const h = harnessWithImportNameMax(100);
    h.owns('key-on-this-target');
    const entry = readLedger(join(dir, 'ledger.jsonl')).find((e) => e.keyId === 'key-on-this-target');
    expect(entry?.target).toBe('http://127.0.0.1:9/');
  });
});
