import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/report/fingerprint.ts';
import type { Finding } from '../../src/report/finding.ts';

const base: Finding = {
  checkId: 'response_schema_conformance',
  severity: 'high',
  operationId: 'GetKey',
  pointer: '#/components/schemas/KeyId/pattern',
  message: '/id: must match pattern for key-aaaaa-bbbbb-cccccccccccccccc',
};

describe('fingerprint', () => {
  it('ignores what changes from run to run: message, evidence, exchange, test', () => {
    const other: Finding = {
      ...base,
      message: '/id: must match pattern for key-zzzzz-yyyyy-xxxxxxxxxxxxxxxx',
      evidence: { id: 'key-zzzzz' },
      test: { file: 'suites/contract/keys.test.ts', name: 'GetKey: …' },
    };
    expect(fingerprint(other)).toBe(fingerprint(base));
  });

  it.each([
    ['checkId', { checkId: 'status_code_documented' }],
    ['operationId', { operationId: 'CreateKey' }],
    ['pointer', { pointer: '#/components/schemas/Key/properties/publicKey' }],
    ['subject', { subject: 'EdDSA/ed25519' }],
  ] as const)('changes with the %s', (_field, change) => {
    expect(fingerprint({ ...base, ...change })).not.toBe(fingerprint(base));
  });

  it('is independent of the key order of a replayed input', () => {
    const a = fingerprint({
      ...base,
      replay: { seed: 1, path: '0:1', input: { b: 1, a: [{ y: 2, x: 1 }] } },
    });
    const b = fingerprint({ ...base, replay: { seed: 9, path: '3', input: { a: [{ x: 1, y: 2 }], b: 1 } } });
    expect(a).toBe(b);
  });

  it('tells two different shrunk inputs apart', () => {
    const a = fingerprint({ ...base, replay: { seed: 1, path: '', input: { name: 'a' } } });
    const b = fingerprint({ ...base, replay: { seed: 1, path: '', input: { name: 'b' } } });
    expect(a).not.toBe(b);
  });

  it('is 16 lowercase hex digits', () => {
    expect(fingerprint(base)).toMatch(/^[0-9a-f]{16}$/);
  });
});
