import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 as webCryptoP256 } from '@noble/curves/webcrypto.js';
import { equalBytes } from '@noble/curves/utils.js';
import { base64urlnopad } from '@scure/base';

/**
 * Credential keys sign user actions (keys-api.md §5.2): the client signs the exact clientData bytes,
 * the target verifies them against the credential's registered public key.
 * node:crypto is used only to read and write the PEM/DER containers; every signature is made and
 * checked by @noble/curves so the harness does not trust the platform it is testing alongside.
 */
export type CredentialKind = 'p256' | 'ed25519';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['p256', 'ed25519'];

const SUPPORTED = 'supported: ECDSA P-256 (prime256v1) and Ed25519, unencrypted PKCS#8 PEM';

/** A private credential key ready to sign. `secretKey` is not enumerable, so logging the object or
 * printing it in a test diff does not show it. */
export interface CredentialKey {
  readonly kind: CredentialKind;
  /** P-256: SEC1 uncompressed (65 bytes); Ed25519: 32 bytes. */
  readonly publicKey: Uint8Array;
  /** P-256: 32-byte scalar; Ed25519: 32-byte seed. Not enumerable. */
  readonly secretKey: Uint8Array;
}

/** A freshly generated credential with its PEM containers. `secretKey` and `privateKeyPem` are not
 * enumerable. */
export interface GeneratedCredential extends CredentialKey {
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). Not enumerable. */
  readonly privateKeyPem: string;
  /** SPKI PEM ("-----BEGIN PUBLIC KEY-----"), the form a credential is registered with. */
  readonly publicKeyPem: string;
}

/** A PEM that is not a usable credential key; the message names what was found and what is supported. */
export class CredentialKeyError extends Error {
  override readonly name = 'CredentialKeyError';
}

function withHiddenSecrets<T extends object>(value: T, hidden: Readonly<Record<string, unknown>>): T {
  for (const [name, secret] of Object.entries(hidden)) {
    Object.defineProperty(value, name, { value: secret, enumerable: false, writable: false });
  }
  return value;
}

function makeCredentialKey(
  kind: CredentialKind,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
): CredentialKey {
  return withHiddenSecrets({ kind, publicKey }, { secretKey }) as CredentialKey;
}

function publicKeyOf(kind: CredentialKind, secretKey: Uint8Array): Uint8Array {
  return kind === 'p256' ? p256.getPublicKey(secretKey, false) : ed25519.getPublicKey(secretKey);
}

function pemLabels(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1] ?? '');
}

function checkPemLabel(pem: string): void {
  const labels = pemLabels(pem);
  if (labels.length === 0) {
    throw new CredentialKeyError(`credential key is not a PEM (no "-----BEGIN ...-----" line); ${SUPPORTED}`);
  }
  if (labels.length > 1) {
    throw new CredentialKeyError(
      `credential key PEM holds ${labels.length} blocks, expected one; ${SUPPORTED}`,
    );
  }
  const label = labels[0] ?? '';
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,\s*ENCRYPTED/.test(pem)) {
    throw new CredentialKeyError(
      `credential key is encrypted (${label}); decrypt it first (openssl pkcs8 -topk8 -nocrypt); ${SUPPORTED}`,
    );
  }
  // SEC1 "EC PRIVATE KEY" is what `openssl ecparam -genkey` writes; accepting it costs nothing.
  if (label !== 'PRIVATE KEY' && label !== 'EC PRIVATE KEY') {
    throw new CredentialKeyError(`credential key is a "${label}" PEM, expected "PRIVATE KEY"; ${SUPPORTED}`);
  }
}

function parseKeyObject(pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === 'string' ? ` (${code})` : '';
    throw new CredentialKeyError(`credential key PEM could not be parsed${detail}; ${SUPPORTED}`);
  }
}

function kindOf(key: KeyObject): CredentialKind {
  const type = key.asymmetricKeyType ?? 'unknown';
  if (type === 'ed25519') return 'ed25519';
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    if (curve === 'prime256v1') return 'p256';
    throw new CredentialKeyError(`credential key is an EC key on ${curve}; ${SUPPORTED}`);
  }
  throw new CredentialKeyError(`credential key type is ${type.toUpperCase()}; ${SUPPORTED}`);
}

function jwkField(jwk: JsonWebKey, name: 'd' | 'x' | 'y'): Uint8Array {
  const value = jwk[name];
  if (typeof value !== 'string') throw new CredentialKeyError(`credential key JWK export lacks "${name}"`);
  return base64urlnopad.decode(value);
}

/** Parses a PKCS#8 (or SEC1 EC) PEM private key of a supported kind. Throws CredentialKeyError, whose
 * message never contains key material. */
export function loadCredentialKey(pem: string): CredentialKey {
  checkPemLabel(pem);
  const keyObject = parseKeyObject(pem);
  const kind = kindOf(keyObject);
  const jwk = keyObject.export({ format: 'jwk' });
  const secretKey = jwkField(jwk, 'd');
  const publicKey = publicKeyOf(kind, secretKey);
  // The container's public part must be the one the secret implies; a mismatch means a corrupt file.
  const containerPublic =
    kind === 'p256' ? Uint8Array.from([4, ...jwkField(jwk, 'x'), ...jwkField(jwk, 'y')]) : jwkField(jwk, 'x');
  if (!equalBytes(containerPublic, publicKey)) {
    throw new CredentialKeyError(
      'credential key PEM is inconsistent: its public key does not match its secret',
    );
  }
  return makeCredentialKey(kind, secretKey, publicKey);
}

function jwkOf(kind: CredentialKind, secretKey: Uint8Array, publicKey: Uint8Array): JsonWebKey {
  const b64 = (bytes: Uint8Array): string => base64urlnopad.encode(bytes);
  return kind === 'p256'
    ? {
        kty: 'EC',
        crv: 'P-256',
        d: b64(secretKey),
        x: b64(publicKey.subarray(1, 33)),
        y: b64(publicKey.subarray(33, 65)),
      }
    : { kty: 'OKP', crv: 'Ed25519', d: b64(secretKey), x: b64(publicKey) };
}

/** A new random credential (key material from noble's randomSecretKey) with PKCS#8 and SPKI PEMs. */
export function generateCredential(kind: CredentialKind): GeneratedCredential {
  const secretKey = kind === 'p256' ? p256.utils.randomSecretKey() : ed25519.utils.randomSecretKey();
  const publicKey = publicKeyOf(kind, secretKey);
  const keyObject = createPrivateKey({ key: jwkOf(kind, secretKey, publicKey), format: 'jwk' });
  const privateKeyPem = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = createPublicKey(keyObject).export({ type: 'spki', format: 'pem' }).toString();
  return withHiddenSecrets(
    { kind, publicKey, publicKeyPem },
    { secretKey, privateKeyPem },
  ) as GeneratedCredential;
}

/** Reads an SPKI PEM public key ("-----BEGIN PUBLIC KEY-----") of a supported kind, e.g. a
 * credential registered with a target. */
export function loadCredentialPublicKey(pem: string): { kind: CredentialKind; publicKey: Uint8Array } {
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === 'string' ? ` (${code})` : '';
    throw new CredentialKeyError(`credential public key PEM could not be parsed${detail}; expected SPKI PEM`);
  }
  const kind = kindOf(keyObject);
  const jwk = keyObject.export({ format: 'jwk' });
  const publicKey =
    kind === 'p256' ? Uint8Array.from([4, ...jwkField(jwk, 'x'), ...jwkField(jwk, 'y')]) : jwkField(jwk, 'x');
  return { kind, publicKey };
}

/** Signs clientData bytes as the Dfns SDKs do: P-256 ECDSA over SHA-256 of the bytes, DER-encoded
 * (low-S); Ed25519 pure over the bytes. */
export function signClientData(credential: CredentialKey, bytes: Uint8Array): Uint8Array {
  return credential.kind === 'p256'
    ? p256.sign(bytes, credential.secretKey, { prehash: true, format: 'der' })
    : ed25519.sign(bytes, credential.secretKey);
}

/**
 * Verifies a user-action signature over the exact clientData bytes. P-256 accepts high-S: SDKs sign
 * with OpenSSL (keys-api.md §5.2), which does not normalise S, so a verifier that demanded low-S would
 * reject honest clients. Ed25519 uses strict RFC 8032 rules. Malformed input verifies as false.
 *
 * P-256 goes through noble's WebCrypto wrapper: the embedded reference verifies one signature per user
 * action, thousands a run, and noble's pure-JS verify (~1.8 ms) made it most of the reference's CPU; the
 * platform's takes ~0.2 ms. noble's strict DER parser still reads the signature (r, s in [1, n − 1]);
 * only the equation is checked natively. Ed25519 stays in noble for its strict (non-ZIP-215) rules.
 */
export async function verifyClientDataSignature(
  kind: CredentialKind,
  publicKey: Uint8Array,
  bytes: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    if (kind === 'ed25519') return ed25519.verify(signature, bytes, publicKey, { zip215: false });
    const compact = p256.Signature.fromBytes(signature, 'der').toBytes('compact');
    return await webCryptoP256.verify(compact, bytes, publicKey, { formatPub: 'raw' });
  } catch {
    return false;
  }
}
