import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { curveByName, CURVE_NAMES } from '../../src/crypto/curves.ts';
import {
  encodeExportPlaintext,
  encodeImportPlaintext,
  parseExportPlaintext,
  parseImportPlaintext,
} from '../../src/crypto/share-codec.ts';

const secp = curveByName('secp256k1');
const SHARE = 0xf15ce7a99733633af0720898fbf0e021c69820ce6e470b87321036c8349da52an;
const HEX = SHARE.toString(16);
const scalar = (curve: string, hex: string) => `{"curve":"${curve}","scalar":"${hex}"}`;
const exportJson = (index: string, share: string, extra = '') =>
  utf8ToBytes(`{"version":1,"index":${index},"secret_share":${share}${extra}}`);
const ONE = '0'.repeat(63) + '1';

describe.each(CURVE_NAMES)('%s share plaintexts', (name) => {
  const curve = curveByName(name);
  const publicShares = [curve.multiplyBase(5n), curve.multiplyBase(6n), curve.multiplyBase(7n)];

  it('import plaintext round-trips', () => {
    const parsed = parseImportPlaintext(encodeImportPlaintext(curve, 42n, publicShares), name);
    expect(parsed.secretShare).toBe(42n);
    expect(parsed.publicShares.map((p, i) => p.equals(publicShares[i]!))).toEqual([true, true, true]);
    expect(parsed.extraFields).toEqual([]);
  });

  it('export plaintext round-trips', () => {
    const parsed = parseExportPlaintext(encodeExportPlaintext(curve, 3n, 42n), name);
    expect([parsed.index, parsed.secretShare, parsed.extraFields]).toEqual([3n, 42n, []]);
  });
});

describe('exact serialisation', () => {
  it('export: compact JSON, fields in serde order, lowercase 64-digit hex', () => {
    expect(new TextDecoder().decode(encodeExportPlaintext(secp, 1n, SHARE))).toBe(
      `{"version":1,"index":${scalar('secp256k1', ONE)},"secret_share":${scalar('secp256k1', HEX)}}`,
    );
  });

  it('import: points are 65-byte uncompressed SEC1 hex for secp256k1', () => {
    const text = new TextDecoder().decode(encodeImportPlaintext(secp, 1n, [secp.base]));
    expect(text).toMatch(
      /^\{"version":1,"secret_share":\{[^}]+\},"public_shares":\[\{"curve":"secp256k1","point":"04[0-9a-f]{128}"\}\]\}$/,
    );
  });

  it('import: ed25519 points are the 32-byte encoding', () => {
    const ed = curveByName('ed25519');
    const text = new TextDecoder().decode(encodeImportPlaintext(ed, 1n, [ed.base]));
    expect(text).toContain('"point":"5866666666666666666666666666666666666666666666666666666666666666"');
  });
});

describe('parsing follows the Rust side', () => {
  it('accepts uppercase hex', () => {
    expect(
      parseExportPlaintext(
        exportJson(scalar('secp256k1', ONE), scalar('secp256k1', HEX.toUpperCase())),
        'secp256k1',
      ).secretShare,
    ).toBe(SHARE);
  });

  it('tolerates unknown fields but reports them', () => {
    const parsed = parseExportPlaintext(
      exportJson(scalar('secp256k1', ONE), scalar('secp256k1', HEX), ',"chain_code":"00"'),
      'secp256k1',
    );
    expect(parsed.extraFields).toEqual(['chain_code']);
  });

  const S = (hex: string) => scalar('secp256k1', hex);
  it.each([
    ['invalid JSON', utf8ToBytes('{"version":1,'), /export share plaintext is not valid JSON/],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe]), /export share plaintext is not valid UTF-8/],
    ['an array', utf8ToBytes('[]'), /export share plaintext must be a JSON object, got an array/],
    [
      'version 2',
      utf8ToBytes(`{"version":2,"index":${S(ONE)},"secret_share":${S(HEX)}}`),
      /version must be 1, got 2/,
    ],
    [
      'version "1"',
      utf8ToBytes(`{"version":"1","index":${S(ONE)},"secret_share":${S(HEX)}}`),
      /version must be 1, got "1"/,
    ],
    ['no index', utf8ToBytes(`{"version":1,"secret_share":${S(HEX)}}`), /missing the field "index"/],
    [
      'another curve',
      exportJson(scalar('stark', ONE), S(HEX)),
      /index.curve must be "secp256k1", got "stark"/,
    ],
    [
      '63 hex digits',
      exportJson(S(ONE), S(HEX.slice(1))),
      /secret_share.scalar must be exactly 64 hex digits \(32 bytes\), got 63/,
    ],
    ['66 hex digits', exportJson(S(ONE), S(`00${HEX}`)), /secret_share.scalar must be exactly 64 hex digits/],
    ['a 0x prefix', exportJson(S(ONE), S(`0x${HEX}`)), /secret_share.scalar must be hex without a 0x prefix/],
    [
      'non-hex digits',
      exportJson(S(ONE), S(`${HEX.slice(0, 63)}g`)),
      /must contain only hex digits; found "g" at position 63/,
    ],
    [
      'a scalar equal to the order',
      exportJson(S(ONE), S(secp.order.toString(16))),
      /must be less than the secp256k1 group order/,
    ],
    ['a zero secret share', exportJson(S(ONE), S('0'.repeat(64))), /secret_share.scalar must not be zero/],
    ['a zero index', exportJson(S('0'.repeat(64)), S(HEX)), /index must not be zero/],
    [
      'a scalar as a number',
      exportJson(S(ONE), '{"curve":"secp256k1","scalar":5}'),
      /secret_share.scalar must be a hex string, got number/,
    ],
  ])('export parse rejects %s', (_, bytes, message) => {
    expect(() => parseExportPlaintext(bytes, 'secp256k1')).toThrow(message);
  });

  const base = `{"curve":"secp256k1","point":"${Buffer.from(secp.encodePoint(secp.base, 'uncompressed')).toString('hex')}"}`;
  it.each([
    [
      'public_shares not an array',
      `{"version":1,"secret_share":${S(HEX)},"public_shares":{}}`,
      /public_shares must be an array, got object/,
    ],
    [
      'empty public_shares',
      `{"version":1,"secret_share":${S(HEX)},"public_shares":[]}`,
      /public_shares must not be empty/,
    ],
    [
      'a point off the curve',
      `{"version":1,"secret_share":${S(HEX)},"public_shares":[{"curve":"secp256k1","point":"02${'ff'.repeat(32)}"}]}`,
      /public_shares\[0\].point is not a point on secp256k1/,
    ],
    [
      'a point with a curve mismatch',
      `{"version":1,"secret_share":${S(HEX)},"public_shares":[${base.replace('secp256k1', 'ed25519')}]}`,
      /public_shares\[0\].curve must be "secp256k1", got "ed25519"/,
    ],
    ['no public_shares', `{"version":1,"secret_share":${S(HEX)}}`, /missing the field "public_shares"/],
  ])('import parse rejects %s', (_, text, message) => {
    expect(() => parseImportPlaintext(utf8ToBytes(text), 'secp256k1')).toThrow(message);
  });

  it('rejects an expected curve that is not a curve name', () => {
    expect(() => parseImportPlaintext(utf8ToBytes('{}'), 'p256' as never)).toThrow(/curve must be one of/);
  });
});
