/**
 * Every way user-facing input to `src/crypto` can be wrong, as a stable code. The reference target maps a
 * code to an HTTP status (e.g. `empty-domain` -> 400) and the suites turn a code into a finding name, so
 * codes are part of the API: add new ones, never rename.
 */
export type CryptoInputErrorCode =
  | 'not-a-string'
  | 'not-hex'
  | 'hex-prefix'
  | 'hex-length'
  | 'not-base64'
  | 'bad-length'
  | 'unknown-curve'
  | 'scalar-out-of-range'
  | 'scalar-zero'
  | 'point-invalid'
  | 'point-identity'
  | 'point-wrong-encoding'
  | 'version-mismatch'
  | 'ciphertext-too-short'
  | 'ephemeral-key-invalid'
  | 'decryption-failed'
  | 'json-invalid'
  | 'field-missing'
  | 'field-type'
  | 'curve-mismatch'
  | 'index-duplicate'
  | 'index-zero'
  | 'threshold-invalid'
  | 'signer-list-invalid'
  | 'merkle-root-invalid'
  | 'empty-domain'
  | 'hash-out-of-range'
  | 'option-invalid'
  | 'share-inconsistent'
  | 'public-shares-inconsistent'
  | 'share-count-mismatch';

/** Bad input with a message that names what was wrong and what was expected. Never carries a secret. */
export class CryptoInputError extends Error {
  override readonly name = 'CryptoInputError';
  readonly code: CryptoInputErrorCode;

  constructor(code: CryptoInputErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Throw a {@link CryptoInputError}; an expression form keeps guards on one line. */
export function fail(code: CryptoInputErrorCode, message: string): never {
  throw new CryptoInputError(code, message);
}
