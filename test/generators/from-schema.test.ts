import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  loadContract,
  schemaViolations,
  validateParameters,
  validateRequestBody,
  type Operation,
} from '../../src/contract/index.ts';
import {
  arbitraryFromResolvedSchema,
  arbitraryFromSchema,
  parametersArbitrary,
  parameterValueArbitrary,
} from '../../generators/from-schema.ts';
import { codePointLength, UNICODE_EDGES } from '../../generators/unicode.ts';
import { CONTRACT_FILES } from '../contract/fixtures/contract-files.ts';

const contract = loadContract(CONTRACT_FILES['1.807.0']);
const previous = loadContract(CONTRACT_FILES['1.795.3']);

// The proof of issue 6: this many values per request body schema and per parameter, all valid.
const RUNS = 10_000;

const withBody = contract.operations.filter((op) => op.requestBody !== undefined);
const parameters = contract.operations.flatMap((operation) =>
  [...operation.pathParameters, ...operation.queryParameters].map((parameter) => ({ operation, parameter })),
);

// Valid values for the path parameters an operation needs besides the one under test.
function fixedPath(operation: Operation): Record<string, string> {
  return Object.fromEntries(
    operation.pathParameters.map((p) => [p.name, 'key-01snl-t56gb-j8tsok0vn802p80i']),
  );
}

describe('arbitraryFromSchema: request bodies', () => {
  it.each(withBody.map((op) => [op.operationId, op] as const))(
    '%s: 10,000 generated bodies are valid under the contract',
    (_, operation) => {
      const arbitrary = arbitraryFromSchema(contract, operation.requestBody!.mediaSchemaPointer);
      // A boolean property keeps 10,000 runs cheap; on failure fast-check prints the value and the seed.
      fc.assert(
        fc.property(arbitrary, (body) => validateRequestBody(contract, operation, body).length === 0),
        { numRuns: RUNS, seed: 6 },
      );
    },
  );

  it.each(
    previous.operations
      .filter((op) => op.requestBody !== undefined)
      .map((op) => [op.operationId, op] as const),
  )('%s: bodies for the previous contract (1.795.3) are valid under it too', (_, operation) => {
    fc.assert(
      fc.property(
        arbitraryFromSchema(previous, operation.requestBody!.mediaSchemaPointer),
        (body) => validateRequestBody(previous, operation, body).length === 0,
      ),
      { numRuns: 1_000, seed: 6 },
    );
  });
});

describe('parameterValueArbitrary: path and query parameters', () => {
  it.each(
    parameters.map(
      ({ operation, parameter }) =>
        [operation.operationId, parameter.in, parameter.name, operation, parameter] as const,
    ),
  )('%s %s.%s: 10,000 generated values, as sent, are valid', (_, where, name, operation, parameter) => {
    const path = fixedPath(operation);
    fc.assert(
      fc.property(parameterValueArbitrary(contract, parameter), (value) => {
        const values =
          where === 'path'
            ? { path: { ...path, [name]: value as string } }
            : { path, query: { [name]: value } };
        return validateParameters(contract, operation, values).length === 0;
      }),
      { numRuns: RUNS, seed: 6 },
    );
  });

  it.each(
    contract.operations
      .filter((op) => op.pathParameters.length + op.queryParameters.length > 0)
      .map((op) => [op.operationId, op] as const),
  )('%s: whole parameter sets are valid, optional query parameters present or not', (_, operation) => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(parametersArbitrary(contract, operation), (values) => {
        for (const name of Object.keys(values.query)) seen.add(name);
        return validateParameters(contract, operation, values).length === 0;
      }),
      { numRuns: 1_000, seed: 6 },
    );
    expect([...seen].sort()).toEqual(operation.queryParameters.map((p) => p.name).sort());
  });

  it('writes integers as the text a URL carries', () => {
    const limit = contract.operation('ListKeys').queryParameters.find((p) => p.name === 'limit')!;
    const texts = fc.sample(parameterValueArbitrary(contract, limit), { numRuns: 200, seed: 1 });
    expect(texts.every((text) => typeof text === 'string' && /^\d+$/.test(text))).toBe(true);
  });
});

describe('arbitraryFromSchema: response schemas (allOf, unevaluatedProperties, date-time)', () => {
  const pointers = [
    ...new Set(
      contract.operations.flatMap((op) =>
        [...op.responses.values()].flatMap((r) => (r.schemaPointer === undefined ? [] : [r.schemaPointer])),
      ),
    ),
  ];
  it.each(pointers)('%s: 500 values are valid', (pointer) => {
    fc.assert(
      fc.property(
        arbitraryFromSchema(contract, pointer),
        (value) => schemaViolations(contract, pointer, value, 'schema').length === 0,
      ),
      { numRuns: 500, seed: 6 },
    );
  });
});

describe('arbitraryFromResolvedSchema', () => {
  it('accepts a dereferenced copy (RequestBody.schema) and still generates valid bodies', () => {
    const operation = contract.operation('GenerateSignature');
    const spec = operation.requestBody!;
    fc.assert(
      fc.property(
        arbitraryFromResolvedSchema(contract, spec.schema, spec.pointer),
        (body) => validateRequestBody(contract, operation, body).length === 0,
      ),
      { numRuns: 2_000, seed: 6 },
    );
  });

  it('accepts a parameter schema with its pointer', () => {
    const operation = contract.operation('ListKeys');
    const limit = operation.queryParameters.find((p) => p.name === 'limit')!;
    const values = fc.sample(arbitraryFromResolvedSchema(contract, limit.schema, limit.schemaPointer), {
      numRuns: 500,
      seed: 6,
    });
    expect(values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 500)).toBe(
      true,
    );
  });
});

describe('shape of the values', () => {
  const sample = (operationId: string, runs = 2_000) =>
    fc.sample(
      arbitraryFromSchema(contract, contract.operation(operationId).requestBody!.mediaSchemaPointer),
      {
        numRuns: runs,
        seed: 11,
      },
    ) as Record<string, unknown>[];

  it('reaches string lengths at both bounds (CreateKeyBody.name: 0 and 100 code points)', () => {
    const lengths = new Set(
      sample('CreateKey').flatMap((b) => (typeof b.name === 'string' ? [codePointLength(b.name)] : [])),
    );
    expect(lengths.has(0)).toBe(true);
    expect(lengths.has(100)).toBe(true);
  });

  it('leaves optional properties out as well as in', () => {
    const bodies = sample('CreateKey');
    expect(bodies.some((b) => 'name' in b)).toBe(true);
    expect(bodies.some((b) => !('name' in b))).toBe(true);
  });

  it('generates null where the type allows it (UpdateKeyBody.name)', () => {
    const names = sample('UpdateKey').map((b) => b.name);
    expect(names.includes(null)).toBe(true);
    expect(names.some((n) => typeof n === 'string')).toBe(true);
  });

  it('generates every branch of a discriminated oneOf (GenerateSignatureBody kinds)', () => {
    const kinds = new Set(sample('GenerateSignature').map((b) => b.kind));
    const mapping = contract.resolve(
      '#/components/schemas/GenerateSignatureBody/discriminator/mapping',
    ) as Record<string, unknown>;
    expect([...kinds].sort()).toEqual(Object.keys(mapping).sort());
  });

  it('puts unicode edge characters into strings no rule restricts', () => {
    const texts = sample('DelegateKey', 3_000).map((b) => b.delegateTo as string);
    for (const character of [
      UNICODE_EDGES.zeroWidthSpace,
      UNICODE_EDGES.nul,
      UNICODE_EDGES.loneHighSurrogate,
    ]) {
      expect(texts.some((t) => t.includes(character))).toBe(true);
    }
  });

  it('keeps strings without maxLength within maxStringLength (64 by default, more on request)', () => {
    const pointer = contract.operation('DelegateKey').requestBody!.mediaSchemaPointer;
    const lengths = (options?: { maxStringLength: number }) =>
      fc
        .sample(arbitraryFromSchema(contract, pointer, options), { numRuns: 2_000, seed: 3 })
        .map((b) => codePointLength((b as { delegateTo: string }).delegateTo));
    expect(Math.max(...lengths())).toBeLessThanOrEqual(64);
    const long = lengths({ maxStringLength: 500 });
    expect(Math.max(...long)).toBeLessThanOrEqual(500);
    expect(Math.max(...long)).toBeGreaterThan(64);
  });

  it('replays: the same seed gives the same values', () => {
    expect(JSON.stringify(sample('GenerateSignature', 50))).toEqual(
      JSON.stringify(sample('GenerateSignature', 50)),
    );
  });
});

describe('randomness', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('comes from fast-check only: Math.random is never called', () => {
    const random = vi.spyOn(Math, 'random');
    for (const operation of withBody) {
      fc.sample(arbitraryFromSchema(contract, operation.requestBody!.mediaSchemaPointer), {
        numRuns: 200,
        seed: 2,
      });
    }
    expect(random).not.toHaveBeenCalled();
  });
});

describe('parameter values travel in a URL', () => {
  const parameters = contract.operations.flatMap((op) =>
    [...op.pathParameters, ...op.queryParameters].map(
      (p) => [`${op.operationId} ${p.in}.${p.name}`, p] as const,
    ),
  );

  it.each(parameters)(
    '%s: every generated value can be percent-encoded (no lone surrogate)',
    (_name, parameter) => {
      for (const value of fc.sample(parameterValueArbitrary(contract, parameter), {
        numRuns: 2000,
        seed: 7,
      })) {
        for (const text of Array.isArray(value) ? value : [value])
          expect(() => encodeURIComponent(text)).not.toThrow();
      }
    },
  );
});
