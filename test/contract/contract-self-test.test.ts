import { describe, expect, it } from 'vitest';
import {
  auditContract,
  compiledValidator,
  loadContract,
  schemaSites,
  validateRequestBody,
  type Contract,
} from '../../src/contract/index.ts';
import { CONTRACT_FILES } from './fixtures/contract-files.ts';

// The 15 operations the suite tests, as the brief fixes them.
const OPERATIONS: readonly (readonly [string, string, string])[] = [
  ['CreateKey', 'POST', '/keys'],
  ['ListKeys', 'GET', '/keys'],
  ['GetKey', 'GET', '/keys/{keyId}'],
  ['UpdateKey', 'PUT', '/keys/{keyId}'],
  ['DeleteKey', 'DELETE', '/keys/{keyId}'],
  ['DelegateKey', 'POST', '/keys/{keyId}/delegate'],
  ['DeriveKey', 'POST', '/keys/{keyId}/derive'],
  ['GenerateSignature', 'POST', '/keys/{keyId}/signatures'],
  ['ListSignatures', 'GET', '/keys/{keyId}/signatures'],
  ['GetSignature', 'GET', '/keys/{keyId}/signatures/{signatureId}'],
  ['ImportKey', 'POST', '/keys/import'],
  ['ExportKey', 'POST', '/keys/{keyId}/export'],
  ['ListSigners', 'GET', '/signers'],
  ['CreateUserActionChallenge', 'POST', '/auth/action/init'],
  ['CreateUserActionSignature', 'POST', '/auth/action'],
];

// An independent pointer walk (not src/contract's), so that the $ref check does not grade its own homework.
function walk(root: unknown, ref: string): unknown {
  let node = root;
  for (const raw of ref
    .replace(/^#\/?/, '')
    .split('/')
    .filter((t) => t !== '')) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) allRefs(item, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else if (key !== 'example' && key !== 'examples') allRefs(value, found);
    }
  }
  return found;
}

describe.each(Object.entries(CONTRACT_FILES))('contract self-test: %s', (version, file) => {
  const contract: Contract = loadContract(file);

  it(`pins info.version ${version}`, () => {
    expect(contract.version).toBe(version);
  });

  it('has exactly the 15 operations, at their methods and paths', () => {
    const found = contract.operations.map((o) => [o.operationId, o.method, o.pathTemplate] as const);
    expect([...found].sort()).toEqual([...OPERATIONS].sort());
  });

  it('passes its own audit (refs, strict compile, meta-schema, examples, responses, security, discriminators)', () => {
    expect(auditContract(contract)).toEqual([]);
  });

  it('resolves every $ref (independent walk)', () => {
    const refs = allRefs(contract.document);
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.filter((ref) => walk(contract.document, ref) === undefined)).toEqual([]);
  });

  it('compiles every schema in ajv strict mode', () => {
    const sites = schemaSites(contract.document);
    expect(sites.length).toBeGreaterThan(60);
    const failures = sites.flatMap((site) => {
      try {
        compiledValidator(contract, site);
        return [];
      } catch (error: unknown) {
        return [`${site}: ${String(error)}`];
      }
    });
    expect(failures).toEqual([]);
  });

  describe.each(OPERATIONS.map(([id]) => id))('%s', (operationId) => {
    const operation = contract.operation(operationId);

    it('has a summary', () => {
      expect(operation.summary.trim()).not.toBe('');
    });

    it('documents a 200 response with a JSON schema', () => {
      expect(operation.responses.get('200')?.schemaPointer).toBeDefined();
    });

    it('documents 401, 429 and 500, and every error response has the ErrorBody schema', () => {
      const errors = [...operation.responses.entries()].filter(([status]) => /^[45]/.test(status));
      expect(errors.map(([status]) => status)).toEqual(expect.arrayContaining(['401', '429', '500']));
      for (const [, spec] of errors) {
        expect(contract.resolve(spec.schemaPointer!)).toBe(
          contract.resolve('#/components/schemas/ErrorBody'),
        );
      }
    });

    it('requires the bearer token, and a user-action signature exactly on mutating Keys calls', () => {
      expect(operation.security.length).toBeGreaterThan(0);
      for (const requirement of operation.security)
        expect(Object.keys(requirement)).toContain('authenticationToken');
      const mutating = operation.method !== 'GET' && !operation.pathTemplate.startsWith('/auth/');
      expect(operation.requiresUserAction).toBe(mutating);
    });

    it('has request body examples that validate, when it takes a body', () => {
      const examples = operation.requestBody?.examples ?? [];
      if (operation.requestBody !== undefined) expect(examples.length).toBeGreaterThan(0);
      for (const example of examples)
        expect(validateRequestBody(contract, operation, example.value)).toEqual([]);
    });
  });

  it('declares path parameters keyId and signatureId as strings without a pattern', () => {
    for (const name of ['KeyId', 'SignatureId']) {
      const schema = contract.resolve(`#/components/parameters/${name}/schema`) as Record<string, unknown>;
      expect(schema).toMatchObject({ type: 'string', minLength: 1 });
      expect(schema.pattern).toBeUndefined();
    }
  });

  it('declares ListKeys limit as an integer 1..500 defaulting to 50', () => {
    const limit = contract.operation('ListKeys').queryParameters.find((p) => p.name === 'limit');
    expect(limit?.schema).toEqual({ type: 'integer', minimum: 1, maximum: 500, default: 50 });
  });
});
