import { describe, expect, it } from 'vitest';
import { exportRecorded, signingRefusedAfterExport } from '../../../src/checks/crypto/index.ts';
import { answer, signed, verdictOf } from '../exchanges.ts';

/** signing_refused_after_export (both ways of the profile hypothesis) and export_recorded. */
const refusal = answer('GenerateSignature', 400, { error: { message: 'key key-test has been exported' } });
const failure = answer('GenerateSignature', 500, { error: { message: 'internal' } });
const signature = signed({ r: `0x${'11'.repeat(32)}`, s: `0x${'22'.repeat(32)}` });

describe('signing_refused_after_export', () => {
  it.each([
    ['a 4xx when exported keys refuse to sign', refusal, true, 'pass'],
    ['a signature when exported keys refuse to sign', signature, true, 'still signs'],
    ['a 5xx when exported keys refuse to sign', failure, true, 'a refusal is a 4xx'],
    ['a signature when the profile says exported keys keep signing', signature, false, 'pass'],
    [
      'a refusal when the profile says exported keys keep signing',
      refusal,
      false,
      'exportedKeyRefusesSigning: false',
    ],
  ] as const)('%s', (_what, exchange, refuses, outcome) => {
    const result = verdictOf(signingRefusedAfterExport, exchange, { keyId: 'key-test', refuses });
    if (outcome === 'pass') expect(result).toEqual([]);
    else expect(JSON.stringify(result)).toContain(outcome);
  });
});

describe('export_recorded', () => {
  const key = (fields: Record<string, unknown>) =>
    answer('GetKey', 200, {
      id: 'key-test',
      exported: true,
      dateExported: '2026-01-01T00:00:00.000Z',
      ...fields,
    });

  it('passes a key that reads exported with its date', () => {
    expect(verdictOf(exportRecorded, key({}), { keyId: 'key-test' })).toEqual([]);
  });

  it('passes no judgement on a GetKey whose body was cut (response_received reports it)', () => {
    const { parsed: _whole, ...response } = key({}).response!;
    const cut = {
      ...key({}),
      response: { ...response, body: response.body.slice(0, 10) },
      failure: { kind: 'network' as const, message: 'UND_ERR_SOCKET: other side closed' },
    };
    expect(verdictOf(exportRecorded, cut, { keyId: 'key-test' })).toBe('not-applicable');
  });

  it.each([
    ['exported false', { exported: false }, {}, '/exported'],
    ['exported absent', { exported: undefined }, {}, '/exported'],
    ['exported as the string "true"', { exported: 'true' }, {}, '/exported'],
    ['no dateExported', { dateExported: undefined }, {}, '/dateExported'],
    ['a dateExported that is not a date', { dateExported: 'yesterday' }, {}, '/dateExported'],
  ])('fails %s', (_what, fields, extra, pointer) => {
    const result = verdictOf(exportRecorded, key(fields), { keyId: 'key-test', ...extra });
    if (result === 'not-applicable') throw new Error('expected a verdict');
    expect(result).toHaveLength(1);
    expect(result[0]?.pointer).toBe(`#/components/schemas/Key/properties${pointer}`);
  });

  it('fails a GetKey answered 201 (GetKey answers 200), even with a body that reads exported', () => {
    const created = answer('GetKey', 201, {
      id: 'key-test',
      exported: true,
      dateExported: '2026-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(verdictOf(exportRecorded, created, { keyId: 'key-test' }))).toContain(
      'answered 201',
    );
  });

  it('fails when the exported key cannot be read', () => {
    const result = verdictOf(exportRecorded, answer('GetKey', 404, { error: { message: 'gone' } }), {
      keyId: 'key-test',
    });
    expect(JSON.stringify(result)).toContain('answered 404');
  });
});
