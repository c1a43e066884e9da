import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/checks/check-ids.ts';
import { loadContract } from '../../src/contract/index.ts';
import { FAULT_CATEGORIES, FAULTS, faultSet, faultTableMarkdown, isFaultId } from '../../reference/faults.ts';
import { HANDLERS } from '../../reference/routes.ts';
import { openApiIndex } from '../../reference/validation/openapi-operations.ts';

/** The fault catalogue is well-formed data, documented in the README, and the reference covers the contract. */
describe('the fault catalogue', () => {
  it('has at least 30 faults, covering every category', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(FAULTS.map((f) => f.category))).toEqual(new Set(FAULT_CATEGORIES));
  });

  it('has unique kebab-case ids', () => {
    const ids = FAULTS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id))).toEqual([]);
  });

  it.each(FAULTS.map((f) => [f.id, f] as const))(
    '%s: one-line description and known checks in detectedBy',
    (_id, fault) => {
      expect(fault.description).not.toMatch(/\n/);
      expect(fault.description.length).toBeLessThanOrEqual(110);
      expect(fault.detectedBy.length).toBeGreaterThan(0);
      expect(fault.detectedBy.filter((check) => !(CHECK_IDS as readonly string[]).includes(check))).toEqual(
        [],
      );
    },
  );

  it('is printed in reference/README.md exactly as faultTableMarkdown() makes it', () => {
    const readme = readFileSync(new URL('../../reference/README.md', import.meta.url), 'utf8');
    const block =
      /<!-- faults:start -->\n<!-- prettier-ignore-start -->\n([\s\S]*?)\n<!-- prettier-ignore-end -->\n<!-- faults:end -->/.exec(
        readme,
      );
    expect(block?.[1]).toBe(faultTableMarkdown());
  });

  it('refuses an unknown id with a one-line error naming it', () => {
    expect(() => faultSet(['ecdsa-high-s', 'no-such-fault'])).toThrow(
      /^unknown fault "no-such-fault"; expected catalogue ids such as key-missing-custodial \(see `keys-conformance reference --list-faults`\)$/,
    );
    expect(isFaultId('ecdsa-high-s')).toBe(true);
    expect(faultSet(['ecdsa-high-s', 'ecdsa-high-s']).ids).toEqual(['ecdsa-high-s']);
  });
});

describe('the reference and the contract', () => {
  const contract = loadContract();
  const own = openApiIndex().operations;

  it('reads the same operations from openapi.yaml as src/contract, independently', () => {
    const fromContract = contract.operations
      .map((op) => `${op.operationId} ${op.method} ${op.pathTemplate} userAction=${op.requiresUserAction}`)
      .sort();
    const fromReference = [...own.values()]
      .map((op) => `${op.operationId} ${op.method} ${op.path} userAction=${op.requiresUserAction}`)
      .sort();
    expect(fromReference).toEqual(fromContract);
  });

  it('has a handler for every operation and for nothing else', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...own.keys()].sort());
  });
});
