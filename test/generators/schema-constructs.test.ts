import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractFromDocument, schemaViolations } from '../../src/contract/index.ts';
import { arbitraryFromSchema } from '../../generators/from-schema.ts';
import { GeneratorError } from '../../generators/generator-error.ts';

// JSON Schema constructs beyond what openapi.yaml uses today, so that a contract change that starts using
// them is already covered: each schema, 2,000 values, all valid under the same ajv validators.
const SCHEMAS: Readonly<Record<string, unknown>> = {
  BoundedNumbers: {
    type: 'object',
    required: ['n', 'i', 'e'],
    properties: {
      n: { type: 'number', minimum: -1.5, maximum: 2.25 },
      i: { type: 'integer', exclusiveMinimum: -3, exclusiveMaximum: 3 },
      e: { type: 'number', exclusiveMaximum: 0 },
    },
  },
  TypeUnion: { type: ['number', 'string', 'null'], minLength: 2, maxLength: 3, minimum: 10 },
  Arrays: { type: 'array', minItems: 2, maxItems: 3, items: { type: 'string', enum: ['a', 'b'] } },
  Formats: {
    type: 'object',
    required: ['when', 'day', 'link', 'id'],
    properties: {
      when: { type: 'string', format: 'date-time' },
      day: { type: 'string', format: 'date' },
      link: { type: 'string', format: 'uri' },
      id: { type: 'string', format: 'uuid' },
    },
  },
  PatternWithBounds: { type: 'string', pattern: '^[a-f]+$', minLength: 3, maxLength: 5 },
  OneOfWithoutDiscriminator: {
    oneOf: [
      { type: 'integer', maximum: 5 },
      { type: 'integer', minimum: 3 },
    ],
  },
  ClosedByUnevaluated: {
    type: 'object',
    allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { extra: { type: 'boolean' } } }],
    unevaluatedProperties: false,
  },
  Base: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
  MapWithProperties: {
    type: 'object',
    properties: { fixed: { type: 'integer' } },
    additionalProperties: { type: 'string', maxLength: 2 },
  },
  Tree: {
    type: 'object',
    required: ['label'],
    properties: {
      label: { type: 'string' },
      children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
    },
  },
  AnyValue: true,
  RefWithSiblings: { $ref: '#/components/schemas/Base', description: 'only an annotation beside the $ref' },
  ConstAndEnum: {
    type: 'object',
    required: ['c', 'e'],
    properties: { c: { const: 42 }, e: { enum: [1, 'one', null] } },
  },
};

function documentWith(schemas: Readonly<Record<string, unknown>>): unknown {
  return {
    openapi: '3.1.0',
    info: { title: 'constructs', version: '0.0.1' },
    paths: {},
    components: { schemas },
  };
}

const contract = contractFromDocument(documentWith(SCHEMAS), 'constructs.yaml');

describe('arbitraryFromSchema: constructs beyond the current contract', () => {
  it.each(Object.keys(SCHEMAS))('%s: 2,000 values are valid', (name) => {
    const pointer = `#/components/schemas/${name}`;
    fc.assert(
      fc.property(
        arbitraryFromSchema(contract, pointer),
        (value) => schemaViolations(contract, pointer, value, 'schema').length === 0,
      ),
      { numRuns: 2_000, seed: 9 },
    );
  });

  it('reaches into recursive schemas without running away (Tree)', () => {
    const depth = (node: unknown): number => {
      const children = (node as { children?: unknown[] }).children ?? [];
      return 1 + Math.max(0, ...children.map(depth));
    };
    const depths = fc
      .sample(arbitraryFromSchema(contract, '#/components/schemas/Tree'), { numRuns: 500, seed: 1 })
      .map(depth);
    expect(Math.max(...depths)).toBeGreaterThan(1);
    expect(Math.max(...depths)).toBeLessThanOrEqual(7);
  });
});

// Keywords the generators do not model: each must stop generation with the keyword and pointer named.
const UNSUPPORTED: readonly (readonly [string, unknown, RegExp])[] = [
  [
    'nullable (OpenAPI 3.0)',
    { type: 'string', nullable: true },
    /#\/components\/schemas\/S: keyword "nullable"/,
  ],
  ['patternProperties', { type: 'object', patternProperties: { '^x': {} } }, /"patternProperties"/],
  ['multipleOf', { type: 'integer', multipleOf: 3 }, /"multipleOf"/],
  ['if/then', { if: { type: 'string' }, then: { minLength: 2 } }, /"if"/],
  [
    'a nested unknown keyword',
    { type: 'object', properties: { a: { type: 'string', contentEncoding: 'base64' } } },
    /properties\/a: keyword "contentEncoding"/,
  ],
  ['an unknown format', { type: 'string', format: 'ipv4' }, /S\/format: format "ipv4" is not supported/],
  ['a false schema', false, /admits no value/],
  [
    'a required property that recurses forever',
    { type: 'object', required: ['self'], properties: { self: { $ref: '#/components/schemas/S' } } },
    /recurse/,
  ],
  ['a type that is not a JSON type', { type: 'int' }, /"int" is not a JSON Schema type/],
];

describe('arbitraryFromSchema: what it does not model', () => {
  it.each(UNSUPPORTED)('refuses %s with a GeneratorError naming it', (_, schema, message) => {
    const document = contractFromDocument(documentWith({ S: schema }), 'unsupported.yaml');
    const build = () =>
      fc.sample(arbitraryFromSchema(document, '#/components/schemas/S'), { numRuns: 1, seed: 1 });
    expect(build).toThrow(GeneratorError);
    expect(build).toThrow(message);
  });

  it('refuses a pointer with no schema', () => {
    expect(() => arbitraryFromSchema(contract, '#/components/schemas/Nothing')).toThrow(
      /no schema at #\/components\/schemas\/Nothing/,
    );
  });

  it('refuses negative caps', () => {
    expect(() => arbitraryFromSchema(contract, '#/components/schemas/Base', { maxStringLength: -1 })).toThrow(
      /maxStringLength must be a non-negative integer/,
    );
  });
});
