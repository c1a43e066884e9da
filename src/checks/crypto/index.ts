/**
 * The named checks of the cryptographic end-to-end suite (suites/crypto/), one module per concern. Each
 * judges cryptographic truth that a schema cannot express; see each module for the rule and its sources.
 */
export { ecdsaLowS } from './ecdsa-low-s.ts';
export { ecdsaRecidRecoversKey, recoveredKey } from './ecdsa-recid.ts';
export { ed25519SBelowOrder } from './ed25519-s-below-order.ts';
export { exportReconstructsImportedKey } from './export-reconstructs-key.ts';
export { exportRecorded, type ExportRecord } from './export-recorded.ts';
export { exportSharesConsistent } from './export-shares-consistent.ts';
export { exportRecoveryOf, publicKeyOfScalar, type ExportExpectation } from './exported-key.ts';
export { importPublicKeyMatches, type ImportExpectation } from './import-public-key.ts';
export { biasThresholds, nonceUnique, type NonceSample, type NonceSeries } from './nonce-unique.ts';
export { publicKeyEncoding, type PublicKeyExpectation } from './public-key-encoding.ts';
export { schnorrBip340UnderTaprootKey } from './schnorr-taproot.ts';
export { encodedMatches, signatureEncoding } from './signature-encoding.ts';
export { signatureVerifies } from './signature-verifies.ts';
export {
  readableSignature,
  returnedSignature,
  signatureToJudge,
  type SignedPayload,
  type SigningScheme,
} from './signed-payload.ts';
export { signingRefusedAfterExport, type AfterExport } from './signing-refused-after-export.ts';
