import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ContractError,
  DEFAULT_CONTRACT_FILE,
  loadContract,
  parseContract,
} from '../../src/contract/index.ts';
import { CURRENT } from './fixtures/contract-files.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

const directory = scratchDir('keys-conformance-contract-');

function writeContract(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

function loadError(file: string): ContractError {
  try {
    loadContract(file);
  } catch (error: unknown) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to fail`);
}

const minimal = (paths: string, extra = '') => `openapi: 3.1.0
info: { title: t, version: 0.0.1 }
paths:
${paths}${extra}`;

const operation = (id: string) => `      operationId: ${id}
      summary: s
      responses:
        '200': { description: ok }
`;

// Each bad contract file, and what its one-line error must say.
const BAD_FILES: readonly (readonly [string, string, RegExp])[] = [
  [
    'bad YAML',
    'openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n',
    /YAML syntax error at line \d+, column \d+: /,
  ],
  [
    'a duplicate YAML key',
    'openapi: 3.1.0\nopenapi: 3.1.1\n',
    /YAML syntax error at line 2, column 1: Map keys must be unique/,
  ],
  [
    'an alias bomb',
    'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    /: its YAML aliases expand to more than 1000 copies \(an alias bomb\?\)$/,
  ],
  [
    'OpenAPI 3.0',
    'openapi: 3.0.3\ninfo: { title: t, version: 1 }\npaths: {}\n',
    /is not an OpenAPI 3\.1 document \(openapi: "3\.0\.3"; expected openapi: 3\.1\.x\)/,
  ],
  [
    'Swagger 2',
    'swagger: "2.0"\ninfo: { title: t, version: 1 }\n',
    /is not an OpenAPI 3\.1 document \(no "openapi" field; expected openapi: 3\.1\.x\)/,
  ],
  ['a list at the top', '- openapi: 3.1.0\n', /its top level is a list; expected a mapping/],
  ['an empty file', '', /its top level is empty; expected a mapping/],
  ['no info.version', 'openapi: 3.1.0\ninfo: { title: t }\npaths: {}\n', /has no info\.version/],
  [
    'a duplicate operationId',
    minimal(`  /a:\n    get:\n${operation('Same')}  /b:\n    get:\n${operation('Same')}`),
    /duplicate operationId "Same" at #\/paths\/~1a\/get and #\/paths\/~1b\/get/,
  ],
  [
    'a missing operationId',
    minimal(`  /a:\n    get:\n      summary: s\n      responses: {}\n`),
    /#\/paths\/~1a\/get has no operationId/,
  ],
  [
    'an unresolvable $ref',
    minimal(`  /a:\n    get:\n${operation('A')}        '404': { $ref: '#/components/responses/Nope' }\n`),
    /unresolvable \$ref "#\/components\/responses\/Nope" points at nothing at #\/paths\/~1a\/get\/responses\/404/,
  ],
  [
    'an external $ref',
    minimal(`  /a:\n    $ref: 'other.yaml#/paths/~1a'\n`),
    /unresolvable external \$ref "other\.yaml#\/paths\/~1a" is not supported/,
  ],
  [
    'a parameter without schema',
    minimal(
      `  /a:\n    get:\n      parameters:\n        - { name: q, in: query }\n${operation('A').replace(/^ {6}/, '      ')}`,
    ),
    /#\/paths\/~1a\/get\/parameters\/0 has no "schema"/,
  ],
];

describe('loadContract: errors', () => {
  it('names a missing file and the reason', () => {
    const error = loadError(join(directory, 'absent.yaml'));
    expect(error.message).toBe(
      `cannot read contract file ${join(directory, 'absent.yaml')}: no such file (ENOENT)`,
    );
  });

  it('names a directory given as the file', () => {
    expect(loadError(directory).message).toMatch(/: it is a directory \(EISDIR\)$/);
  });

  it.each(BAD_FILES)(
    'rejects %s with a one-line message naming the file and the problem',
    (name, text, expected) => {
      const file = writeContract(`${name.replaceAll(/\W+/g, '-')}.yaml`, text);
      const error = loadError(file);
      expect(error.name).toBe('ContractError');
      expect(error.message).toMatch(expected);
      expect(error.message.startsWith(`${file}: `)).toBe(true);
      expect(error.message).not.toContain('\n');
    },
  );

  it('is not memoized on failure: a fixed file loads on the next call', () => {
    const file = writeContract('fixed-later.yaml', 'openapi: 3.0.0\n');
    expect(() => loadContract(file)).toThrow(ContractError);
    writeFileSync(file, minimal(`  /a:\n    get:\n${operation('A')}`));
    expect(loadContract(file).operations.map((o) => o.operationId)).toEqual(['A']);
  });
});

describe('loadContract: success', () => {
  it('loads openapi.yaml at the repository root by default', () => {
    expect(loadContract().source).toBe(DEFAULT_CONTRACT_FILE);
    expect(loadContract().version).toBe('1.807.0');
  });

  it('memoizes per absolute path, however the path is written', () => {
    expect(loadContract(relative(process.cwd(), CURRENT))).toBe(loadContract(CURRENT));
    expect(loadContract()).toBe(loadContract(CURRENT));
  });

  it('throws a ContractError listing the known ids for an unknown operationId', () => {
    expect(() => loadContract().operation('GetKeys')).toThrow(/no operation "GetKeys" \(known: .*GetKey,/);
  });

  it('parseContract builds a contract from text under the given label', () => {
    const contract = parseContract(minimal(`  /a:\n    get:\n${operation('A')}`), 'inline');
    expect(contract.source).toBe('inline');
    expect(contract.operation('A').pointer).toBe('#/paths/~1a/get');
  });
});
