import type { CurveName } from '../../crypto/curves.ts';
import { checkPublicKey } from '../../crypto/public-key.ts';
import { responseObject } from '../body.ts';
import { shown } from './shown.ts';
import { isSuccess, PASS, type Check, type CheckFailure } from '../check.ts';
import type { SigningScheme } from './signed-payload.ts';

/**
 * import_public_key_matches: ImportKey answers the key it was given — `imported: true`, the scheme the
 * protocol implies, the curve sent, and a publicKey that is the same point as the one the suite computed
 * from the secret it split (f(0)·G). The encoding of that point is public_key_encoding's business: here an
 * uncompressed form of the right point passes, and only a different point fails.
 */
export interface ImportExpectation {
  readonly scheme: SigningScheme | 'DH';
  readonly curve: CurveName;
  /** The publicKey computed locally from the imported secret (API hex). */
  readonly publicKey: string;
  /** Which known key was imported, e.g. `anvil-0-ecdsa` (public fixture id). */
  readonly knownKeyId?: string;
}

const KEY = '#/components/schemas/Key/properties';

export const importPublicKeyMatches: Check<ImportExpectation> = {
  id: 'import_public_key_matches',
  severity: 'critical',
  rationale:
    'An imported key must be the key that was imported: a publicKey that differs means addresses derived from it hold funds the imported secret cannot move (or the cluster holds another key).',
  run(exchange, _context, expected) {
    const status = exchange.response?.status;
    if (status === undefined || !isSuccess(status)) return 'not-applicable';
    const key = responseObject(exchange);
    if (key === undefined) return 'not-applicable';
    const id = typeof key.id === 'string' ? key.id : '(no id)';
    const what = `imported ${expected.scheme}/${expected.curve} key ${id}${expected.knownKeyId === undefined ? '' : ` (${expected.knownKeyId})`}`;
    const evidence = {
      keyId: id,
      ...(expected.knownKeyId === undefined ? {} : { knownKey: expected.knownKeyId }),
      scheme: expected.scheme,
      curve: expected.curve,
      expectedPublicKey: expected.publicKey,
      publicKey: key.publicKey ?? null,
    };
    const failures: CheckFailure[] = [];
    const field = (name: string, actual: unknown, want: unknown) => {
      if (actual === want) return;
      failures.push({
        message: `${what}: ${name} is ${shown(actual)}, expected ${JSON.stringify(want)}`,
        pointer: `${KEY}/${name}`,
        subject: `${expected.scheme}/${expected.curve}`,
        evidence: { ...evidence, field: name, expected: want, actual: actual ?? null },
      });
    };
    field('imported', key.imported, true);
    field('scheme', key.scheme, expected.scheme);
    field('curve', key.curve, expected.curve);
    const reported = checkPublicKey(expected.curve, key.publicKey).point;
    const wanted = checkPublicKey(expected.curve, expected.publicKey).point;
    if (wanted === undefined)
      throw new Error(`the suite's own publicKey ${expected.publicKey} is not a point`);
    if (reported !== undefined && !reported.equals(wanted)) {
      failures.push({
        message: `${what}: publicKey ${String(key.publicKey)} is not the imported key; f(0)·G of the shares sent is ${expected.publicKey}`,
        pointer: `${KEY}/publicKey`,
        subject: `${expected.scheme}/${expected.curve}`,
        evidence: { ...evidence, equation: 'publicKey = f(0)·G = secret·G' },
      });
    }
    return failures.length === 0 ? PASS : failures;
  },
};
