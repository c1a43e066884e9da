import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childPointer, loadContract, type Operation } from '../../src/contract/index.ts';
import { parametersArbitrary } from '../../generators/from-schema.ts';
import { GeneratorError } from '../../generators/generator-error.ts';
import type { Mutation, MutationKind } from '../../generators/mutation.ts';
import {
  enumerateMutations,
  enumerateParameterMutations,
  type DroppedMutation,
} from '../../generators/mutations.ts';
import { CURRENT } from '../contract/fixtures/contract-files.ts';
import { breaksItsRule, judge, kindsAllowedBy, validBodies } from './mutation-checks.ts';

const contract = loadContract(CURRENT);
const S = '#/components/schemas';
const withBody = contract.operations.filter((op) => op.requestBody !== undefined);
const withParameters = contract.operations.filter(
  (op) => op.pathParameters.length + op.queryParameters.length > 0,
);

interface Sweep {
  readonly mutations: readonly Mutation[];
  readonly drops: readonly DroppedMutation[];
  readonly duplicateIds: readonly string[];
}

const sweeps = new Map<string, Sweep>();

// Every operation's sweep over its documented examples and 20 generated bodies, computed once.
function sweepOf(operation: Operation): Sweep {
  let sweep = sweeps.get(operation.operationId);
  if (sweep === undefined) {
    const mutations: Mutation[] = [];
    const drops: DroppedMutation[] = [];
    const duplicateIds: string[] = [];
    for (const body of validBodies(contract, operation)) {
      const found = enumerateMutations(contract, operation, body, { onDrop: (d) => drops.push(d) });
      const ids = found.map((m) => m.id);
      duplicateIds.push(...ids.filter((id, i) => ids.indexOf(id) !== i));
      mutations.push(...found);
    }
    sweep = { mutations, drops, duplicateIds };
    sweeps.set(operation.operationId, sweep);
  }
  return sweep;
}

const bodyCases = withBody.map((op) => [op.operationId, op] as const);

describe('enumerateMutations: every mutation is invalid for its stated reason', () => {
  it.each(bodyCases)('%s: each mutation, sent as bytes, breaks its rule at its place', (_, operation) => {
    const wrong = sweepOf(operation).mutations.filter((m) => !breaksItsRule(contract, operation, m));
    expect(
      wrong.map(
        (m) =>
          `${m.id}: ${m.rule} at ${m.instancePath} — saw ${JSON.stringify(judge(contract, operation, m))}`,
      ),
    ).toEqual([]);
  });

  it.each(bodyCases)('%s: nothing is dropped (no silent loss of coverage)', (_, operation) => {
    expect(sweepOf(operation).drops.map((d) => `${d.id} (${d.rule}): ${d.reason}`)).toEqual([]);
  });

  it.each(bodyCases)('%s: ids are unique within a body', (_, operation) => {
    expect(sweepOf(operation).duplicateIds).toEqual([]);
  });

  it.each(bodyCases)('%s: every kind the schema admits is represented', (_, operation) => {
    const counts = new Map<MutationKind, number>();
    for (const m of sweepOf(operation).mutations) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
    const missing = [...kindsAllowedBy(contract, operation)].filter((kind) => !counts.has(kind));
    expect(missing).toEqual([]);
  });
});

// Rules the negative suite relies on, named in the contract: each must have its mutation.
const REQUIRED_RULES: readonly (readonly [string, MutationKind, string])[] = [
  ['CreateKey', 'maxLength', `${S}/CreateKeyBody/properties/name/maxLength`],
  ['CreateKey', 'oversized', `${S}/CreateKeyBody/properties/name/maxLength`],
  ['CreateKey', 'required', `${S}/CreateKeyBody/required`],
  ['CreateKey', 'additionalProperties', `${S}/CreateKeyBody/additionalProperties`],
  ['CreateKey', 'enum', `${S}/KeyScheme/enum`],
  ['CreateKey', 'pattern', `${S}/DerivationPath/pattern`],
  ['CreateKey', 'pattern', `${S}/KeyId/pattern`],
  ['CreateKey', 'minLength', `${S}/CreateKeyBody/properties/storeId/minLength`],
  ['UpdateKey', 'maxLength', `${S}/UpdateKeyBody/properties/name/maxLength`],
  ['UpdateKey', 'type', `${S}/UpdateKeyBody/properties/name/type`],
  ['ImportKey', 'exclusiveMinimum', `${S}/ImportKeyBody/properties/minSigners/exclusiveMinimum`],
  ['ImportKey', 'integer', `${S}/ImportKeyBody/properties/minSigners/type`],
  ['ImportKey', 'minItems', `${S}/ImportKeyBody/properties/encryptedKeyShares/minItems`],
  ['ImportKey', 'enum', `${S}/Protocol/anyOf/1/enum`],
  ['ImportKey', 'required', `${S}/EncryptedKeyShare/required`],
  ['DeriveKey', 'pattern', `${S}/HexString/pattern`],
  [
    'ExportKey',
    'additionalProperties',
    `${S}/ExportKeyBody/properties/supportedSchemes/items/additionalProperties`,
  ],
  ['GenerateSignature', 'required', `${S}/GenerateSignatureBody/discriminator`],
  ['GenerateSignature', 'const', `${S}/GenerateSignatureBody/discriminator`],
  ['GenerateSignature', 'required', `${S}/GenerateSignatureHash/required`],
  ['GenerateSignature', 'pattern', `${S}/Hash32/pattern`],
  ['GenerateSignature', 'maxLength', `${S}/ExternalId/maxLength`],
  ['GenerateSignature', 'additionalProperties', `${S}/GenerateSignatureHash/additionalProperties`],
  ['GenerateSignature', 'enum', `${S}/Network/enum`],
  ['GenerateSignature', 'exclusiveMinimum', `${S}/Eip712Domain/properties/chainId/anyOf/0/exclusiveMinimum`],
  [
    'CreateUserActionChallenge',
    'enum',
    `${S}/CreateUserActionChallengeBody/properties/userActionHttpMethod/enum`,
  ],
  ['CreateUserActionSignature', 'required', `${S}/UserActionAssertion/discriminator`],
  ['CreateUserActionSignature', 'minLength', `${S}/KeyCredentialAssertion/properties/credId/minLength`],
];

describe('enumerateMutations: the rules the negative suite needs', () => {
  it.each(REQUIRED_RULES)('%s: a %s mutation cites %s', (operationId, kind, rule) => {
    const found = sweepOf(contract.operation(operationId)).mutations.filter(
      (m) => m.kind === kind && m.rule === rule,
    );
    expect(found.length).toBeGreaterThan(0);
  });

  it.each(bodyCases)(
    '%s: body-level mutations cite the request body content (or required)',
    (_, operation) => {
      const content = childPointer(operation.pointer, 'requestBody', 'content');
      const required = childPointer(operation.pointer, 'requestBody', 'required');
      const bodyLevel = sweepOf(operation).mutations.filter((m) =>
        ['malformed-json', 'content-type', 'duplicate-key', 'missing-body'].includes(m.kind),
      );
      expect(bodyLevel.every((m) => m.rule === (m.kind === 'missing-body' ? required : content))).toBe(true);
    },
  );
});

describe('enumerateMutations: the caveats', () => {
  const all = (operationId: string) => sweepOf(contract.operation(operationId)).mutations;
  const bodyOf = (m: Mutation): unknown =>
    m.body !== undefined && 'json' in m.body ? m.body.json : undefined;

  it('never gives null as the wrong type of a nullable field (UpdateKeyBody.name)', () => {
    const atName = all('UpdateKey').filter((m) => m.instancePath === '/name');
    expect(
      atName.filter((m) => m.kind === 'type').map((m) => (bodyOf(m) as { name: unknown }).name),
    ).not.toContain(null);
    expect(atName.some((m) => m.kind === 'null')).toBe(false);
  });

  it('keeps the oneOf branch when a required field goes (GenerateSignature Hash without hash)', () => {
    const removed = all('GenerateSignature').find((m) => m.kind === 'required' && m.instancePath === '/hash');
    expect(removed?.rule).toBe(`${S}/GenerateSignatureHash/required`);
  });

  it('breaks an anyOf pattern only with a value no other branch takes (Transaction.transaction)', () => {
    const broken = all('GenerateSignature').filter(
      (m) => m.kind === 'pattern' && m.instancePath === '/transaction',
    );
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((m) => typeof (bodyOf(m) as { transaction: unknown }).transaction === 'string')).toBe(
      true,
    );
  });

  it('makes strings oversized (1 MiB) only where a maxLength exists', () => {
    const oversized = [...withBody.flatMap((op) => sweepOf(op).mutations)].filter(
      (m) => m.kind === 'oversized',
    );
    expect(oversized.length).toBeGreaterThan(0);
    expect(oversized.every((m) => m.rule.endsWith('/maxLength'))).toBe(true);
    expect(oversized.every((m) => JSON.stringify(m.body).length > 1024 * 1024)).toBe(true);
  });

  it('breaks with unicode (zero-width, combining, NUL, lone surrogate) only what a pattern, enum or const forbids', () => {
    const unicode = withBody.flatMap((op) => sweepOf(op).mutations).filter((m) => m.kind === 'unicode');
    expect(unicode.every((m) => /\/(pattern|enum|const|format|discriminator)$/.test(m.rule))).toBe(true);
    const labels = new Set(unicode.map((m) => m.id.replace(/^.*unicode: /, '')));
    expect([...labels].sort()).toEqual([
      'NUL',
      'byte order mark',
      'combining mark',
      'lone surrogate',
      'zero-width space',
    ]);
  });

  it('sends a lone surrogate as a \\ud800 escape in raw JSON text', () => {
    const lone = all('DeriveKey').find((m) => m.id.endsWith('unicode: lone surrogate'));
    expect(lone?.body !== undefined && 'raw' in lone.body && lone.body.raw.includes('\\ud800')).toBe(true);
  });

  it.each([
    ['-0', `${S}/ImportKeyBody/properties/minSigners/exclusiveMinimum`],
    ['-1e309', `${S}/ImportKeyBody/properties/minSigners/type`],
    ['NaN', `#/paths/~1keys~1import/post/requestBody/content`],
  ])('writes the number edge %s as raw text, citing %s', (literal, rule) => {
    const edge = all('ImportKey').find(
      (m) => m.kind === 'number-edge' && m.id.endsWith(`number edge: ${literal}`),
    );
    expect(edge?.rule).toBe(rule);
    expect(
      edge?.body !== undefined && 'raw' in edge.body && edge.body.raw.includes(`"minSigners":${literal}`),
    ).toBe(true);
  });

  it('nests 1024 arrays where a string is expected, citing the type', () => {
    const deep = all('DelegateKey').find(
      (m) => m.kind === 'deep-nesting' && m.instancePath === '/delegateTo',
    );
    expect(deep?.rule).toBe(`${S}/DelegateKeyBody/properties/delegateTo/type`);
    let depth = 0;
    for (let v: unknown = (bodyOf(deep!) as { delegateTo: unknown }).delegateTo; Array.isArray(v); v = v[0])
      depth++;
    expect(depth).toBe(1024);
  });

  it('mutates the items of one array once per schema position, unless asked for every item', () => {
    const operation = contract.operation('ImportKey');
    const body = operation.requestBody!.examples[0]!.value;
    const once = enumerateMutations(contract, operation, body).filter((m) =>
      m.instancePath.startsWith('/encryptedKeyShares/'),
    );
    const every = enumerateMutations(contract, operation, body, { everyItem: true }).filter((m) =>
      m.instancePath.startsWith('/encryptedKeyShares/'),
    );
    expect(new Set(once.map((m) => m.instancePath.split('/')[2])).size).toBe(1);
    expect(new Set(every.map((m) => m.instancePath.split('/')[2])).size).toBe(5);
  });

  it('is deterministic: the same body gives the same mutations', () => {
    const operation = contract.operation('GenerateSignature');
    const body = operation.requestBody!.examples[0]!.value;
    const ids = () => enumerateMutations(contract, operation, body).map((m) => m.id);
    expect(ids()).toEqual(ids());
  });
});

describe('enumerateMutations: bad input', () => {
  it('refuses a "valid" body that is not valid, naming the violation', () => {
    const operation = contract.operation('CreateKey');
    expect(() => enumerateMutations(contract, operation, { scheme: 'ECDSA' })).toThrow(GeneratorError);
    expect(() => enumerateMutations(contract, operation, { scheme: 'ECDSA' })).toThrow(
      /CreateKey: the body given as valid is not: .*curve/,
    );
  });

  it('gives nothing for an operation without a request body', () => {
    expect(enumerateMutations(contract, contract.operation('DeleteKey'), undefined)).toEqual([]);
  });
});

describe('enumerateParameterMutations', () => {
  const parameterCases = withParameters.map((op) => [op.operationId, op] as const);
  const validParameters = (operation: Operation) =>
    fc.sample(parametersArbitrary(contract, operation), { numRuns: 5, seed: 4 });

  it.each(parameterCases)(
    '%s: each mutation breaks its rule at its parameter, nothing dropped',
    (_, operation) => {
      const drops: DroppedMutation[] = [];
      const mutations = validParameters(operation).flatMap((values) =>
        enumerateParameterMutations(contract, operation, values, { onDrop: (d) => drops.push(d) }),
      );
      expect(mutations.length).toBeGreaterThan(0);
      expect(mutations.filter((m) => !breaksItsRule(contract, operation, m)).map((m) => m.id)).toEqual([]);
      expect(drops).toEqual([]);
    },
  );

  it.each([
    ['ListKeys', 'query.limit', ['type', 'integer', 'minimum', 'maximum', 'number-edge', 'repeated']],
    ['ListKeys', 'query.paginationToken', ['minLength', 'repeated']],
    ['GetKey', 'path.keyId', ['minLength', 'maxLength', 'oversized']],
    ['GetSignature', 'path.signatureId', ['minLength', 'maxLength', 'oversized']],
  ] as const)('%s %s: has %j', (operationId, location, kinds) => {
    const operation = contract.operation(operationId);
    const found = new Set(
      enumerateParameterMutations(contract, operation, validParameters(operation)[0]!)
        .filter((m) => m.location === location)
        .map((m) => m.kind),
    );
    expect(kinds.filter((kind) => !found.has(kind))).toEqual([]);
  });

  it('fills a missing optional query parameter with a fixed valid sample', () => {
    const operation = contract.operation('ListKeys');
    const mutation = enumerateParameterMutations(contract, operation, {}).find(
      (m) => m.id === 'ListKeys query.limit: maximum+1 (501)',
    );
    expect(mutation?.query).toEqual({ limit: '501' });
  });

  it('refuses parameters that are not valid', () => {
    expect(() =>
      enumerateParameterMutations(contract, contract.operation('ListKeys'), { query: { limit: '0' } }),
    ).toThrow(/ListKeys: the parameters given as valid are not: \/query\/limit/);
  });
});
