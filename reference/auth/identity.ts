import { timingSafeEqual } from 'node:crypto';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import type { CredentialKind } from '../../src/crypto/credential.ts';
import { unauthorized } from '../errors.ts';
import { entityId, randomToken } from '../ids.ts';

/**
 * The one caller this target knows: an organisation, a user in it, the bearer token that user holds and the
 * Key credential registered for user actions. The token looks like the JWT the API issues (the SDK reads
 * its `https://custom/app_metadata` claim) but is only ever compared as an opaque string.
 */
export type CredentialKindOption = 'EcdsaP256' | 'Ed25519';

export const CREDENTIAL_KIND_OPTIONS: readonly CredentialKindOption[] = ['EcdsaP256', 'Ed25519'];

export function cryptoKindOf(kind: CredentialKindOption): CredentialKind {
  return kind === 'EcdsaP256' ? 'p256' : 'ed25519';
}

export function optionKindOf(kind: CredentialKind): CredentialKindOption {
  return kind === 'p256' ? 'EcdsaP256' : 'Ed25519';
}

export interface RegisteredCredential {
  readonly id: string;
  readonly kind: CredentialKindOption;
  readonly publicKey: Uint8Array;
}

export interface Identity {
  readonly orgId: string;
  readonly userId: string;
  readonly tokenId: string;
  readonly token: string;
  readonly credential: RegisteredCredential;
}

export function createIdentity(credential: {
  readonly kind: CredentialKind;
  readonly publicKey: Uint8Array;
}): Identity {
  const orgId = entityId('or');
  const userId = entityId('us');
  const tokenId = entityId('to');
  const part = (value: object) => base64urlnopad.encode(utf8ToBytes(JSON.stringify(value)));
  const token = [
    part({ alg: 'EdDSA', typ: 'JWT' }),
    part({
      iss: 'keys-conformance-reference',
      sub: userId,
      iat: Math.floor(Date.now() / 1000),
      'https://custom/app_metadata': { orgId, userId, tokenId, tokenKind: 'Token' },
    }),
    randomToken(64),
  ].join('.');
  return {
    orgId,
    userId,
    tokenId,
    token,
    credential: { id: entityId('cr'), kind: optionKindOf(credential.kind), publicKey: credential.publicKey },
  };
}

/** `Authorization: Bearer <token>`; anything else is a 401 that says what was expected. */
export function checkBearer(header: string | undefined, token: string): void {
  if (header === undefined || header.trim() === '') {
    throw unauthorized('Not Authorized: no bearer token (expected the header Authorization: Bearer <token>)');
  }
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (match === null) throw unauthorized('Not Authorized: the Authorization header must be "Bearer <token>"');
  const given = Buffer.from(match[1]!, 'utf8');
  const expected = Buffer.from(token, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw unauthorized('Not Authorized: the bearer token is not valid');
  }
}
