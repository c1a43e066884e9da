import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.ts';
import { DiffInputError } from '../../src/diff/errors.ts';
import { readSpecFile } from '../../src/diff/load.ts';
import { openapi } from './fixtures/spec-builders.ts';

const good = openapi({});
const withSchema = (schema: unknown, schemas: Record<string, unknown> = {}) =>
  openapi(
    {
      '/k': {
        get: { responses: { '200': { description: 'k', content: { 'application/json': { schema } } } } },
      },
    },
    { schemas },
  );

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('diffContracts: bad documents raise one-line DiffInputErrors naming file, place and expectation', () => {
  it.each([
    [
      'not an object',
      null,
      'new.yaml: not an OpenAPI document; expected a YAML or JSON object at the top level',
    ],
    [
      'Swagger 2',
      { swagger: '2.0', paths: {} },
      'new.yaml: not an OpenAPI 3.x document (found swagger 2.0); expected "openapi" 3.x, such as 3.0.3, 3.1.0 or 3.2.0',
    ],
    ['no openapi field', { paths: {} }, 'new.yaml: not an OpenAPI 3.x document (found no "openapi" field)'],
    ['paths not an object', { openapi: '3.1.0', paths: [] }, 'new.yaml: "paths" must be an object'],
    [
      'a dangling $ref',
      withSchema({ $ref: '#/components/schemas/Nope' }),
      '$ref "#/components/schemas/Nope" at #/paths/~1k/get/responses/200/content/application~1json/schema/$ref does not resolve',
    ],
    [
      'an external $ref',
      withSchema({ $ref: 'other.yaml#/Key' }),
      'external $ref "other.yaml#/Key" at #/paths/~1k/get/responses/200/content/application~1json/schema/$ref is not supported',
    ],
    [
      'a circular $ref chain',
      withSchema(
        { $ref: '#/components/schemas/A' },
        { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } },
      ),
      'circular $ref chain through #/components/schemas/',
    ],
    [
      'a non-integer maxLength',
      withSchema({ type: 'string', maxLength: '64' }),
      '"maxLength" at #/paths/~1k/get/responses/200/content/application~1json/schema/maxLength must be a non-negative integer',
    ],
    [
      'a parameter without a name',
      openapi({ '/k': { get: { parameters: [{ in: 'query' }], responses: {} } } }),
      'parameter at #/paths/~1k/get/parameters/0 must be an object with string "name" and "in"',
    ],
    [
      'two paths that are the same template',
      openapi({ '/k/{a}': {}, '/k/{b}': {} }),
      'paths "/k/{a}" and "/k/{b}" are the same template',
    ],
  ])('%s', (_name, doc, message) => {
    // The document on both sides, so that schema keywords are read too (an added operation's are not).
    const error = thrownBy(() => diffContracts(doc, doc, { oldSource: 'new.yaml', newSource: 'new.yaml' }));
    expect(error).toBeInstanceOf(DiffInputError);
    const text = (error as Error).message;
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
    expect(text.startsWith('new.yaml: ')).toBe(true);
  });

  it('ignores $ref-like keys inside literal examples', () => {
    const doc = withSchema({
      type: 'object',
      example: { $ref: 'not a reference' },
      properties: { example: { type: 'string' } },
    });
    expect(diffContracts(doc, doc, { oldSource: 'a', newSource: 'a' }).changes).toEqual([]);
  });
});

describe('readSpecFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keys-conformance-read-'));
    await writeFile(join(dir, 'dup.yaml'), 'openapi: 3.1.0\nopenapi: 3.0.0\n');
    await writeFile(join(dir, 'ok.json'), JSON.stringify(good));
    const levels = Array.from({ length: 8 }, (_, i) =>
      i === 0
        ? 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
        : `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
    );
    await writeFile(join(dir, 'bomb.yaml'), `${levels.join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [
      'a missing file',
      'missing.yaml',
      ': cannot read the file (no such file); expected a readable OpenAPI YAML or JSON file',
    ],
    ['a directory', '.', ': cannot read the file (it is a directory)'],
    ['duplicate keys', 'dup.yaml', 'dup.yaml:2:1: invalid YAML (Map keys must be unique)'],
    ['an alias bomb', 'bomb.yaml', 'bomb.yaml: unusable YAML (its aliases expand to more than 1000 copies)'],
  ])('rejects %s in one line', async (_name, name, message) => {
    const error: unknown = await readSpecFile(join(dir, name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiffInputError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads JSON as well as YAML', async () => {
    expect(await readSpecFile(join(dir, 'ok.json'))).toEqual(good);
  });
});
