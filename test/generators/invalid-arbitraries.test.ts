import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadContract } from '../../src/contract/index.ts';
import type { MutationKind } from '../../generators/mutation.ts';
import {
  invalidBodyArbitrary,
  invalidParametersArbitrary,
  type DroppedMutation,
} from '../../generators/mutations.ts';
import { codePointLength } from '../../generators/unicode.ts';
import { validRequestFor } from '../../generators/valid-request.ts';
import { CURRENT } from '../contract/fixtures/contract-files.ts';
import { breaksItsRule, kindsAllowedBy } from './mutation-checks.ts';

const contract = loadContract(CURRENT);
const RUNS = 1_000;

const bodyCases = contract.operations
  .filter((op) => op.requestBody !== undefined)
  .map((op) => [op.operationId, op] as const);
const parameterCases = contract.operations
  .filter((op) => op.pathParameters.length + op.queryParameters.length > 0)
  .map((op) => [op.operationId, op] as const);

describe('invalidBodyArbitrary', () => {
  it.each(bodyCases)(
    '%s: 1,000 fuzzed mutations each break their rule, none dropped, most kinds drawn',
    (_, operation) => {
      const drops: DroppedMutation[] = [];
      const kinds = new Set<MutationKind>();
      fc.assert(
        fc.property(
          invalidBodyArbitrary(contract, operation, undefined, { onDrop: (d) => drops.push(d) }),
          (mutation) => {
            kinds.add(mutation.kind);
            return breaksItsRule(contract, operation, mutation);
          },
        ),
        { numRuns: RUNS, seed: 8 },
      );
      // A drop means the generator proposed a mutation that was not invalid for its reason: none may occur.
      expect(drops.map((d) => `${d.id}: ${d.reason}`)).toEqual([]);
      const allowed = kindsAllowedBy(contract, operation);
      const drawn = [...allowed].filter((kind) => kinds.has(kind));
      expect(drawn.length / allowed.size).toBeGreaterThanOrEqual(0.75);
    },
  );

  it('CreateKey: draws a name exactly one past maxLength for half its maxLength mutations (a tightened bound shows only there)', () => {
    const operation = contract.operation('CreateKey');
    const lengths = fc
      .sample(invalidBodyArbitrary(contract, operation), { numRuns: 4_000, seed: 5 })
      .filter(
        (m) =>
          m.kind === 'maxLength' && m.instancePath === '/name' && m.body !== undefined && 'json' in m.body,
      )
      .map((m) => codePointLength(String((m.body as { json: { name: unknown } }).json.name)));
    expect(lengths.length).toBeGreaterThan(20);
    const atEdge = lengths.filter((n) => n === 101).length / lengths.length;
    expect(atEdge).toBeGreaterThan(0.3);
  });

  it('takes a semantically valid body generator (a Schnorr key’s Hash bodies) and mutates those', () => {
    const operation = contract.operation('GenerateSignature');
    const valid = validRequestFor(contract, 'GenerateSignature', {
      keyScheme: 'Schnorr',
      curve: 'secp256k1',
    });
    const drops: DroppedMutation[] = [];
    const mutations = fc.sample(
      invalidBodyArbitrary(contract, operation, valid, { onDrop: (d) => drops.push(d) }),
      {
        numRuns: 300,
        seed: 3,
      },
    );
    expect(mutations.every((m) => breaksItsRule(contract, operation, m))).toBe(true);
    expect(mutations.some((m) => m.instancePath === '/taprootMerkleRoot')).toBe(true);
    expect(drops).toEqual([]);
  });

  it('refuses a body generator that yields invalid bodies, naming the violation', () => {
    const operation = contract.operation('CreateKey');
    const sample = () =>
      fc.sample(invalidBodyArbitrary(contract, operation, fc.constant({ scheme: 'ECDSA' })), {
        numRuns: 1,
        seed: 1,
      });
    expect(sample).toThrow(/CreateKey: the body given as valid is not/);
  });

  it('refuses an operation without a request body', () => {
    expect(() => invalidBodyArbitrary(contract, contract.operation('GetKey'))).toThrow(
      /GetKey takes no request body/,
    );
  });

  it('replays: the same seed gives the same mutations', () => {
    const operation = contract.operation('ImportKey');
    const ids = () =>
      fc.sample(invalidBodyArbitrary(contract, operation), { numRuns: 100, seed: 12 }).map((m) => m.id);
    expect(ids()).toEqual(ids());
  });

  it('shrinks through fast-check: a failing property ends on a smaller mutation that still breaks its rule', () => {
    const operation = contract.operation('CreateKey');
    const result = fc.check(
      fc.property(invalidBodyArbitrary(contract, operation), (m) => m.kind !== 'type'),
      { seed: 4, numRuns: 2_000 },
    );
    expect(result.failed).toBe(true);
    expect(result.numShrinks).toBeGreaterThan(0);
    const shrunk = result.counterexample![0];
    expect(shrunk.kind).toBe('type');
    expect(breaksItsRule(contract, operation, shrunk)).toBe(true);
  });
});

describe('invalidParametersArbitrary', () => {
  it.each(parameterCases)(
    '%s: 1,000 fuzzed parameter mutations each break their rule, none dropped',
    (_, operation) => {
      const drops: DroppedMutation[] = [];
      fc.assert(
        fc.property(
          invalidParametersArbitrary(contract, operation, undefined, { onDrop: (d) => drops.push(d) }),
          (mutation) => breaksItsRule(contract, operation, mutation),
        ),
        { numRuns: RUNS, seed: 8 },
      );
      expect(drops.map((d) => `${d.id}: ${d.reason}`)).toEqual([]);
    },
  );

  it('refuses an operation without parameters', () => {
    expect(() => invalidParametersArbitrary(contract, contract.operation('ListSigners'))).toThrow(
      /ListSigners has no parameters/,
    );
  });
});

describe('randomness', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('comes from fast-check only: Math.random is never called', () => {
    const random = vi.spyOn(Math, 'random');
    for (const [, operation] of bodyCases)
      fc.sample(invalidBodyArbitrary(contract, operation), { numRuns: 50, seed: 2 });
    expect(random).not.toHaveBeenCalled();
  });
});
