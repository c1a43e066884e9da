import { describe, expect, it } from 'vitest';
import {
  compactSignature,
  encodeApiSignature,
  parseApiSignature,
  parseDerSignature,
  type SignatureParseResult,
} from '../../src/crypto/signature-encoding.ts';

const R = `0x${'1a'.repeat(32)}`;
const S = `0x${'2b'.repeat(32)}`;
const problemsOf = (result: SignatureParseResult) =>
  result.ok ? [] : result.problems.map((p) => `${p.field}:${p.code}`);

describe('parseApiSignature', () => {
  it('parses r, s, recid and encoded', () => {
    const result = parseApiSignature({ r: R, s: S, recid: 1, encoded: '0x00ff' });
    expect(result).toEqual({
      ok: true,
      signature: {
        r: new Uint8Array(32).fill(0x1a),
        s: new Uint8Array(32).fill(0x2b),
        recid: 1,
        encoded: new Uint8Array([0, 255]),
      },
    });
  });

  it('accepts uppercase hex digits', () => {
    expect(parseApiSignature({ r: R.toUpperCase().replace('0X', '0x'), s: S }).ok).toBe(true);
  });

  it('accepts a 0X prefix (the prefix, like the digits, is read in any case)', () => {
    const parsed = parseApiSignature({ r: `0X${'11'.repeat(32)}`, s: `0X${'22'.repeat(32)}` });
    expect(parsed.ok ? [parsed.signature.r[0], parsed.signature.s[0]] : parsed.problems).toEqual([
      0x11, 0x22,
    ]);
  });

  it('omits recid and encoded when absent', () => {
    const result = parseApiSignature({ r: R, s: S });
    expect(result.ok && Object.keys(result.signature)).toEqual(['r', 's']);
  });

  it.each([
    ['r without 0x', { r: R.slice(2), s: S }, ['r:hex-prefix']],
    ['s with 63 digits', { r: R, s: S.slice(0, -1) }, ['s:hex-length']],
    ['r with 66 digits', { r: `${R}00`, s: S }, ['r:hex-length']],
    ['s with a non-hex digit', { r: R, s: `${S.slice(0, -1)}z` }, ['s:not-hex']],
    ['r missing', { s: S }, ['r:field-missing']],
    ['r a number', { r: 5, s: S }, ['r:not-a-string']],
    ['recid 2', { r: R, s: S, recid: 2 }, ['recid:recid-invalid']],
    ['recid "1"', { r: R, s: S, recid: '1' }, ['recid:recid-invalid']],
    ['encoded odd length', { r: R, s: S, encoded: '0xabc' }, ['encoded:hex-length']],
    [
      'every field wrong at once',
      { r: R.slice(2), s: 7, recid: -1 },
      ['r:hex-prefix', 's:not-a-string', 'recid:recid-invalid'],
    ],
    ['not an object', 'r,s', ['signature:field-type']],
  ])('reports %s', (_, value, expected) => {
    expect(problemsOf(parseApiSignature(value))).toEqual(expected);
  });

  it('names the problem in words', () => {
    const result = parseApiSignature({ r: R, s: S.slice(0, -2) });
    expect(result.ok ? '' : result.problems[0]!.message).toBe(
      'signature.s must be exactly 64 hex digits (32 bytes), got 62',
    );
  });
});

describe('encodeApiSignature', () => {
  it('writes lowercase 0x-hex and round-trips through the parser', () => {
    const raw = { r: new Uint8Array(32).fill(0xab), s: new Uint8Array(32).fill(0x01), recid: 0 as const };
    const api = encodeApiSignature(raw);
    expect(api).toEqual({ r: `0x${'ab'.repeat(32)}`, s: `0x${'01'.repeat(32)}`, recid: 0 });
    expect(parseApiSignature(api)).toEqual({ ok: true, signature: raw });
  });

  it.each([
    ['r', { r: new Uint8Array(31), s: new Uint8Array(32) }],
    ['s', { r: new Uint8Array(32), s: new Uint8Array(31) }],
  ])('refuses %s that is not 32 bytes', (_, signature) => {
    expect(() => encodeApiSignature(signature)).toThrow(/r and s must be 32 bytes/);
  });

  it('compactSignature is r ‖ s', () => {
    expect(compactSignature({ r: new Uint8Array(32).fill(1), s: new Uint8Array(32).fill(2) })).toEqual(
      new Uint8Array([...new Uint8Array(32).fill(1), ...new Uint8Array(32).fill(2)]),
    );
  });
});

describe('parseDerSignature', () => {
  // r = 1, s = 2: 30 06 02 01 01 02 01 02
  it('reads a minimal DER signature as 32-byte r and s', () => {
    const sig = parseDerSignature(new Uint8Array([0x30, 6, 2, 1, 1, 2, 1, 2]));
    expect([sig.r[31], sig.s[31]]).toEqual([1, 2]);
  });

  it.each([
    ['a trailing byte', [0x30, 6, 2, 1, 1, 2, 1, 2, 0]],
    ['a zero-padded integer (BER)', [0x30, 7, 2, 2, 0, 1, 2, 1, 2]],
    ['a wrong sequence tag', [0x31, 6, 2, 1, 1, 2, 1, 2]],
  ])('rejects %s', (_, bytes) => {
    expect(() => parseDerSignature(new Uint8Array(bytes))).toThrow(/DER/);
  });
});
