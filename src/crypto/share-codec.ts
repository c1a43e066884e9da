import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  curveByName,
  scalarFromBytes,
  scalarToBytes,
  type Curve,
  type CurveName,
  type ECPoint,
} from './curves.ts';
import { CryptoInputError, fail } from './errors.ts';
import { parseHex, typeName } from './encoding.ts';

/**
 * The share plaintexts of import and export, byte for byte as Dfns' Rust code (serde_json, compact, fields
 * in declaration order, lowercase hex) writes them (key-crypto.md §4.4, §5.3):
 *   import {"version":1,"secret_share":SCALAR,"public_shares":[POINT,…]}
 *   export {"version":1,"index":SCALAR,"secret_share":SCALAR}
 *   SCALAR {"curve":NAME,"scalar":"<64 hex, big-endian>"}
 *   POINT  {"curve":NAME,"point":"<hex: SEC1 uncompressed 65 B; ed25519 the 32-byte RFC 8032 form>"}
 * Parsing follows the Rust side: version must be 1, the curve must be the expected one, a scalar is exactly
 * 64 hex digits in either case and below the order. Unknown fields are tolerated (serde ignores them) but
 * returned in `extraFields`, so a suite can report a format change (e.g. a chain code) instead of failing.
 */
export const SHARE_PLAINTEXT_VERSION = 1;

export interface ImportSharePlaintext {
  readonly curve: CurveName;
  readonly secretShare: bigint;
  readonly publicShares: readonly ECPoint[];
  readonly extraFields: readonly string[];
}

export interface ExportSharePlaintext {
  readonly curve: CurveName;
  readonly index: bigint;
  readonly secretShare: bigint;
  readonly extraFields: readonly string[];
}

export function encodeImportPlaintext(
  curve: Curve,
  secretShare: bigint,
  publicShares: readonly ECPoint[],
): Uint8Array {
  // Key insertion order is the serialisation order, which must match serde's declaration order.
  return utf8ToBytes(
    JSON.stringify({
      version: SHARE_PLAINTEXT_VERSION,
      secret_share: scalarJson(curve, secretShare),
      public_shares: publicShares.map((p) => ({
        curve: curve.name,
        point: bytesToHex(curve.encodePoint(p, 'uncompressed')),
      })),
    }),
  );
}

export function encodeExportPlaintext(curve: Curve, index: bigint, secretShare: bigint): Uint8Array {
  return utf8ToBytes(
    JSON.stringify({
      version: SHARE_PLAINTEXT_VERSION,
      index: scalarJson(curve, index),
      secret_share: scalarJson(curve, secretShare),
    }),
  );
}

export function parseImportPlaintext(plaintext: Uint8Array, expectedCurve: CurveName): ImportSharePlaintext {
  const curve = curveByName(expectedCurve);
  const extraFields: string[] = [];
  const root = parseRoot(
    plaintext,
    'import share plaintext',
    ['version', 'secret_share', 'public_shares'],
    extraFields,
  );
  const list = root.public_shares;
  if (!Array.isArray(list)) fail('field-type', `public_shares must be an array, got ${typeName(list)}`);
  const publicShares = list.map((item: unknown, i) =>
    parsePoint(curve, item, `public_shares[${i}]`, extraFields),
  );
  if (publicShares.length === 0) fail('field-type', 'public_shares must not be empty');
  return {
    curve: curve.name,
    secretShare: parseScalar(curve, root.secret_share, 'secret_share', extraFields),
    publicShares,
    extraFields,
  };
}

export function parseExportPlaintext(plaintext: Uint8Array, expectedCurve: CurveName): ExportSharePlaintext {
  const curve = curveByName(expectedCurve);
  const extraFields: string[] = [];
  const root = parseRoot(
    plaintext,
    'export share plaintext',
    ['version', 'index', 'secret_share'],
    extraFields,
  );
  let index: bigint;
  try {
    index = parseScalar(curve, root.index, 'index', extraFields);
  } catch (error) {
    // The index is the evaluation point x_i; zero would be the secret itself, so name it precisely.
    if (error instanceof CryptoInputError && error.code === 'scalar-zero')
      fail('index-zero', 'index must not be zero');
    throw error;
  }
  return {
    curve: curve.name,
    index,
    secretShare: parseScalar(curve, root.secret_share, 'secret_share', extraFields),
    extraFields,
  };
}

function scalarJson(curve: Curve, k: bigint): { curve: CurveName; scalar: string } {
  return { curve: curve.name, scalar: bytesToHex(scalarToBytes(k)) };
}

function parseRoot(
  plaintext: Uint8Array,
  what: string,
  known: readonly string[],
  extraFields: string[],
): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    fail('json-invalid', `${what} is not valid UTF-8`);
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    fail(
      'json-invalid',
      `${what} is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  const obj = asObject(root, what, known, extraFields, '');
  if (obj.version !== SHARE_PLAINTEXT_VERSION) {
    fail(
      'version-mismatch',
      `${what} version must be ${SHARE_PLAINTEXT_VERSION}, got ${JSON.stringify(obj.version)}`,
    );
  }
  return obj;
}

function asObject(
  value: unknown,
  path: string,
  required: readonly string[],
  extraFields: string[],
  prefix: string,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('field-type', `${path} must be a JSON object, got ${typeName(value)}`);
  }
  const obj = value as Record<string, unknown>;
  for (const key of required) {
    if (!(key in obj)) fail('field-missing', `${path} is missing the field "${key}"`);
  }
  for (const key of Object.keys(obj)) if (!required.includes(key)) extraFields.push(prefix + key);
  return obj;
}

function checkCurveField(curve: Curve, obj: Record<string, unknown>, path: string): void {
  if (obj.curve !== curve.name) {
    fail('curve-mismatch', `${path}.curve must be "${curve.name}", got ${JSON.stringify(obj.curve)}`);
  }
}

function parseScalar(curve: Curve, value: unknown, path: string, extraFields: string[]): bigint {
  const obj = asObject(value, path, ['curve', 'scalar'], extraFields, `${path}.`);
  checkCurveField(curve, obj, path);
  return scalarFromBytes(curve, parseHex(obj.scalar, `${path}.scalar`, { bytes: 32 }), `${path}.scalar`);
}

function parsePoint(curve: Curve, value: unknown, path: string, extraFields: string[]): ECPoint {
  const obj = asObject(value, path, ['curve', 'point'], extraFields, `${path}.`);
  checkCurveField(curve, obj, path);
  return curve.pointFromBytes(parseHex(obj.point, `${path}.point`), `${path}.point`);
}
