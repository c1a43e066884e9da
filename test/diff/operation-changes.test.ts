import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.ts';
import { valueAtPointer } from '../../src/diff/json-pointer.ts';
import { OPERATION_CASES } from './fixtures/operation-cases.ts';
import { openapi } from './fixtures/spec-builders.ts';

const sources = { oldSource: 'old.yaml', newSource: 'new.yaml' };

describe('operation-level changes: kind, class, location and both pointers', () => {
  it.each(OPERATION_CASES)('$name', (c) => {
    const report = diffContracts(c.old, c.new, sources);
    const actual = report.changes.map((ch) => ({
      id: ch.id,
      class: ch.class,
      ...(ch.alsoBreaksServers === true ? { alsoBreaksServers: true } : {}),
      location: ch.location,
      oldPointer: ch.oldPointer ?? '',
      newPointer: ch.newPointer ?? '',
    }));
    expect(actual).toEqual([c.expected]);
  });

  it.each(OPERATION_CASES)('$name: every pointer resolves in its own file', (c) => {
    for (const ch of diffContracts(c.old, c.new, sources).changes) {
      if (ch.oldPointer !== undefined) expect(valueAtPointer(c.old, ch.oldPointer)).toBeDefined();
      if (ch.newPointer !== undefined) expect(valueAtPointer(c.new, ch.newPointer)).toBeDefined();
    }
  });
});

describe('messages', () => {
  it('give both reasons when a removed parameter was required', () => {
    const c = OPERATION_CASES.find((x) => x.name === 'required query parameter removed')!;
    const [change] = diffContracts(c.old, c.new, sources).changes;
    expect(change?.message).toBe(
      'parameter `owner`: query parameter removed; old clients that send it are rejected or silently ignored, and old servers still demand it, so they reject requests without it',
    );
  });
  it('say an added status was added', () => {
    const c = OPERATION_CASES.find((x) => x.name === 'error status added')!;
    const [change] = diffContracts(c.old, c.new, sources).changes;
    expect(change?.message).toMatch(/^status 409: added; /);
  });
});

describe('operation identity', () => {
  const op = (operationId: string) => ({
    get: { operationId, responses: { '204': { description: 'none' } } },
  });

  it('reports an operation that moved path as removed and added, each naming the other', () => {
    const report = diffContracts(
      openapi({ '/keys': op('ListKeys') }),
      openapi({ '/v2/keys': op('ListKeys') }),
      sources,
    );
    expect(report.changes.map((c) => [c.id, c.path, c.message])).toEqual([
      [
        'operation-removed',
        '/keys',
        'operation: removed (operationId ListKeys is now GET /v2/keys); old clients that call it fail',
      ],
      [
        'operation-added',
        '/v2/keys',
        'operation: added (operationId ListKeys was GET /keys); servers built to the old contract lack it',
      ],
    ]);
  });

  it('carries the operationId, upper-case method and path template on every change', () => {
    const report = diffContracts(openapi({}), openapi({ '/keys/{keyId}': op('GetKey') }), sources);
    expect(report.changes[0]).toMatchObject({ operationId: 'GetKey', method: 'GET', path: '/keys/{keyId}' });
  });

  it('matches header parameters case-insensitively', () => {
    const withHeader = (name: string) =>
      openapi({
        '/keys': {
          get: {
            parameters: [{ name, in: 'header', schema: { type: 'string' } }],
            responses: { '204': { description: 'none' } },
          },
        },
      });
    expect(diffContracts(withHeader('X-Trace'), withHeader('x-trace'), sources).changes).toEqual([]);
  });
});

describe('security schemes that differ in form only', () => {
  const withScheme = (scheme: Record<string, unknown>) =>
    openapi(
      {
        '/keys': {
          post: {
            operationId: 'CreateKey',
            security: [{ s: [] }],
            responses: { '204': { description: 'none' } },
          },
        },
      },
      { securitySchemes: { s: scheme } },
    );
  const apiKey = (where: string, name: string) => ({ type: 'apiKey', in: where, name });

  it.each([
    [
      'a header name in another case',
      apiKey('header', 'X-DFNS-USERACTION'),
      apiKey('header', 'x-dfns-useraction'),
    ],
    [
      'an http scheme in another case',
      { type: 'http', scheme: 'bearer' },
      { type: 'http', scheme: 'Bearer' },
    ],
    [
      'bearerFormat dropped (documentation only)',
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      { type: 'http', scheme: 'bearer' },
    ],
  ])('%s gives no change', (_name, before, after) => {
    expect(diffContracts(withScheme(before), withScheme(after), sources).changes).toEqual([]);
  });

  it('compares a query or cookie apiKey name case-sensitively', () => {
    const report = diffContracts(
      withScheme(apiKey('query', 'token')),
      withScheme(apiKey('query', 'Token')),
      sources,
    );
    expect(report.changes.map((c) => c.id)).toEqual(['security-scheme-definition-changed']);
  });
});
