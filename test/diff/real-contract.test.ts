import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DiffChange, DiffReport } from '../../src/diff/change.ts';
import { runDiffCommand } from '../../src/diff/command.ts';
import { valueAtPointer } from '../../src/diff/json-pointer.ts';
import { loadAndDiff } from '../../src/diff/load.ts';
import { CURRENT_CONTRACT, PREVIOUS_CONTRACT, realContractsPresent } from './paths.ts';

// keys-api.md §6: 1.807.0 added CreateKey `deriveFrom` and `storeId`, the signature id pattern and
// maxLength 64 on the path parameters; specs/1.795.3.yaml also predates 1.796.0's XLayer networks.
// Each expectation says how to recognise the change and which class it must have.
interface Expectation {
  readonly name: string;
  readonly id: string;
  readonly class: DiffChange['class'];
  readonly matches: (c: DiffChange, newDoc: unknown) => boolean;
}

const EXPECTATIONS: readonly Expectation[] = [
  {
    name: 'CreateKey: deriveFrom added (old servers reject it under additionalProperties: false)',
    id: 'request-optional-property-added',
    class: 'breaking-server',
    matches: (c) => c.operationId === 'CreateKey' && c.field === 'deriveFrom',
  },
  {
    name: 'CreateKey: storeId added',
    id: 'request-optional-property-added',
    class: 'breaking-server',
    matches: (c) => c.operationId === 'CreateKey' && c.field === 'storeId',
  },
  {
    name: 'signature id pattern added to responses',
    id: 'response-pattern-added',
    class: 'breaking-server',
    matches: (c, doc) => /^sig-/.test(String(valueAtPointer(doc, c.newPointer ?? '')).slice(1)),
  },
  {
    name: 'path parameters: maxLength 64 added',
    id: 'request-max-length-added',
    class: 'breaking-client',
    matches: (c, doc) => c.location === 'request.path' && valueAtPointer(doc, c.newPointer ?? '') === 64,
  },
  {
    name: 'Network: XLayer and XLayerSepolia accepted in requests (1.796.0)',
    id: 'request-enum-widened',
    class: 'breaking-server',
    matches: (c) => c.message.includes('enum values added: `XLayer`, `XLayerSepolia`;'),
  },
  {
    name: 'Network: XLayer and XLayerSepolia may appear in responses (1.796.0)',
    id: 'response-enum-widened',
    class: 'breaking-client',
    matches: (c) => c.message.includes('enum values added: `XLayer`, `XLayerSepolia`;'),
  },
];

const PATH_PARAMETER_USERS = [
  ['GetKey', 'keyId'],
  ['UpdateKey', 'keyId'],
  ['DeleteKey', 'keyId'],
  ['DelegateKey', 'keyId'],
  ['DeriveKey', 'keyId'],
  ['ExportKey', 'keyId'],
  ['GenerateSignature', 'keyId'],
  ['ListSignatures', 'keyId'],
  ['GetSignature', 'keyId'],
  ['GetSignature', 'signatureId'],
] as const;

const SIGNATURE_RESPONSES = ['GenerateSignature', 'GetSignature', 'ListSignatures'] as const;

// Both files are written alongside this code; without them these tests are skipped, not passed.
describe.skipIf(!realContractsPresent)(
  'diff specs/1.795.3.yaml openapi.yaml (skipped while either file is absent)',
  () => {
    let report: DiffReport;
    beforeAll(async () => {
      report = await loadAndDiff(PREVIOUS_CONTRACT, CURRENT_CONTRACT);
    });
    const oldDoc: unknown = realContractsPresent ? parse(readFileSync(PREVIOUS_CONTRACT, 'utf8')) : undefined;
    const newDoc: unknown = realContractsPresent ? parse(readFileSync(CURRENT_CONTRACT, 'utf8')) : undefined;
    const found = (e: Expectation) => report.changes.filter((c) => c.id === e.id && e.matches(c, newDoc));

    it('names both versions', () => {
      expect([report.old.version, report.new.version]).toEqual(['1.795.3', '1.807.0']);
    });

    it.each(EXPECTATIONS)('lists $name as $id, $class', (e) => {
      const changes = found(e);
      expect(changes.length).toBeGreaterThan(0);
      for (const c of changes) expect(c.class).toBe(e.class);
    });

    it.each(PATH_PARAMETER_USERS)('%s: maxLength 64 on path parameter %s', (operationId, field) => {
      const e = EXPECTATIONS.find((x) => x.id === 'request-max-length-added')!;
      expect(found(e).filter((c) => c.operationId === operationId && c.field === field)).toHaveLength(1);
    });

    it.each(SIGNATURE_RESPONSES)('%s: signature id pattern in the 200 response', (operationId) => {
      const e = EXPECTATIONS.find((x) => x.id === 'response-pattern-added')!;
      const changes = found(e).filter((c) => c.operationId === operationId);
      expect(changes.map((c) => c.location)).toEqual(['response.200.body']);
    });

    it('points at deriveFrom and storeId in CreateKeyBody, and at the body that lacks them', () => {
      const created = report.changes.filter((c) => c.operationId === 'CreateKey');
      expect(created.map((c) => [c.field, c.oldPointer, c.newPointer])).toEqual([
        [
          'deriveFrom',
          '#/components/schemas/CreateKeyBody',
          '#/components/schemas/CreateKeyBody/properties/deriveFrom',
        ],
        [
          'storeId',
          '#/components/schemas/CreateKeyBody',
          '#/components/schemas/CreateKeyBody/properties/storeId',
        ],
      ]);
    });

    it('lists nothing else', () => {
      const unexplained = report.changes.filter(
        (c) => !EXPECTATIONS.some((e) => c.id === e.id && e.matches(c, newDoc)),
      );
      expect(unexplained.map((c) => `${c.id} ${c.operationId ?? ''} ${c.message}`)).toEqual([]);
    });

    it('gives pointers that resolve in each file', () => {
      for (const c of report.changes) {
        expect(valueAtPointer(oldDoc, c.oldPointer ?? ''), `${c.id} old`).toBeDefined();
        expect(valueAtPointer(newDoc, c.newPointer ?? ''), `${c.id} new`).toBeDefined();
      }
    });

    it('exits 1 with --fail-on breaking', async () => {
      const silent = { stdout: () => undefined, stderr: () => undefined };
      expect(
        await runDiffCommand([PREVIOUS_CONTRACT, CURRENT_CONTRACT, '--fail-on', 'breaking'], silent),
      ).toBe(1);
    });
  },
);

describe.skipIf(!realContractsPresent)('each real contract diffed with itself (skipped while absent)', () => {
  it.each([
    ['specs/1.795.3.yaml', PREVIOUS_CONTRACT],
    ['openapi.yaml', CURRENT_CONTRACT],
  ])('%s: no changes', async (_name, file) => {
    expect((await loadAndDiff(file, file)).changes).toEqual([]);
  });

  it.each([
    ['specs/1.795.3.yaml', PREVIOUS_CONTRACT],
    ['openapi.yaml', CURRENT_CONTRACT],
  ])('%s: --fail-on breaking exits 0', async (_name, file) => {
    const silent = { stdout: () => undefined, stderr: () => undefined };
    expect(await runDiffCommand([file, file, '--fail-on', 'breaking'], silent)).toBe(0);
  });
});
