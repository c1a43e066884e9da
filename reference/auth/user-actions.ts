import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import { verifyClientDataSignature } from '../../src/crypto/credential.ts';
import { badRequest, forbidden, quote } from '../errors.ts';
import { randomToken } from '../ids.ts';
import { cryptoKindOf, type RegisteredCredential } from './identity.ts';

/**
 * User-action signing (keys-api.md §5): a challenge bound to a method, path and exact payload; the
 * credential's signature over clientData; a single-use token that authorises exactly that request.
 * Challenges and tokens expire after five minutes and are single-use. Secrets (challenges, tokens) never
 * appear in an error message.
 */
export const USER_ACTION_TTL_MS = 5 * 60 * 1000;

export interface UserActionTarget {
  readonly method: string;
  readonly path: string;
  readonly payload: string;
}

/** Which bindings a token is checked against; the auth faults switch them off. */
export interface TokenRules {
  readonly singleUse: boolean;
  readonly bindPath: boolean;
  readonly bindBody: boolean;
}

interface Pending {
  readonly target: UserActionTarget;
  readonly expiresAt: number;
  used: boolean;
}

interface ChallengeRecord extends Pending {
  readonly challenge: string;
}

export interface KeyAssertion {
  readonly credId: string;
  readonly clientData: string;
  readonly signature: string;
}

export interface UserActions {
  issueChallenge(target: UserActionTarget): { challenge: string; challengeIdentifier: string };
  /** Verifies the assertion against the challenge and returns a token for the challenge's target. */
  answerChallenge(challengeIdentifier: string, assertion: KeyAssertion): Promise<string>;
  /** Checks the X-DFNS-USERACTION token of a mutating request against what it was signed for. */
  consumeToken(token: string | undefined, request: UserActionTarget, rules: TokenRules): void;
}

export function createUserActions(credential: RegisteredCredential, now: () => number): UserActions {
  const challenges = new Map<string, ChallengeRecord>();
  const tokens = new Map<string, Pending>();

  const sweep = () => {
    const t = now();
    for (const [id, c] of challenges) if (c.expiresAt <= t) challenges.delete(id);
    for (const [id, c] of tokens) if (c.expiresAt <= t) tokens.delete(id);
  };

  return {
    issueChallenge(target) {
      sweep();
      // The API's challenges are base64url of 64 hex characters (keys-api.md §5.1); this mirrors that form.
      const challenge = base64urlnopad.encode(utf8ToBytes(bytesToHex(randomBytes(32))));
      const challengeIdentifier = `ch.${randomToken(32)}`;
      challenges.set(challengeIdentifier, {
        target,
        challenge,
        expiresAt: now() + USER_ACTION_TTL_MS,
        used: false,
      });
      return { challenge, challengeIdentifier };
    },

    async answerChallenge(challengeIdentifier, assertion) {
      const record = challenges.get(challengeIdentifier);
      if (record === undefined) {
        throw forbidden(
          'challengeIdentifier is unknown or expired; start again with CreateUserActionChallenge',
        );
      }
      if (record.used) throw forbidden('the challenge has already been answered; challenges are single-use');
      if (record.expiresAt <= now()) {
        challenges.delete(challengeIdentifier);
        throw forbidden('the challenge has expired (challenges are valid for 5 minutes)');
      }
      // One answer per challenge, right or wrong: a wrong one cannot be retried against the same challenge.
      record.used = true;
      if (assertion.credId !== credential.id) {
        throw forbidden(`credential ${quote(assertion.credId)} is not registered for this user`);
      }
      const clientData = decode(assertion.clientData, 'credentialAssertion.clientData');
      const signature = decode(assertion.signature, 'credentialAssertion.signature');
      checkClientData(clientData, record.challenge);
      if (
        !(await verifyClientDataSignature(
          cryptoKindOf(credential.kind),
          credential.publicKey,
          clientData,
          signature,
        ))
      ) {
        throw forbidden('the credential signature does not verify over clientData');
      }
      const token = randomToken(32);
      tokens.set(token, { target: record.target, expiresAt: now() + USER_ACTION_TTL_MS, used: false });
      return token;
    },

    consumeToken(token, request, rules) {
      if (token === undefined || token === '') {
        throw forbidden(
          'user action signature is missing: send X-DFNS-USERACTION (from CreateUserActionSignature)',
        );
      }
      const record = tokens.get(token);
      if (record === undefined || record.expiresAt <= now()) {
        throw forbidden('user action signature is invalid or expired');
      }
      if (record.used && rules.singleUse)
        throw forbidden('user action has already been used; tokens are single-use');
      // Presenting a token spends it, also when the request turns out not to match what was signed.
      record.used = true;
      const signed = record.target;
      if (signed.method !== request.method) {
        throw forbidden(`user action was signed for method ${signed.method}, not ${request.method}`);
      }
      if (rules.bindPath && signed.path !== request.path) {
        throw forbidden(
          'user action was signed for another path (userActionHttpPath must equal the request path)',
        );
      }
      if (rules.bindBody && signed.payload !== request.payload) {
        throw forbidden(
          'user action was signed for another body (userActionPayload must equal the request body byte for byte)',
        );
      }
    },
  };
}

function decode(value: string, what: string): Uint8Array {
  try {
    return base64urlnopad.decode(value);
  } catch {
    throw badRequest(`${what} must be base64url without padding`);
  }
}

/** clientData must be JSON with `type: "key.get"` and the issued challenge; other fields are tolerated. */
function checkClientData(bytes: Uint8Array, challenge: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw forbidden('clientData is not UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw forbidden('clientData must be a JSON object');
  }
  const data = parsed as Record<string, unknown>;
  if (data.type !== 'key.get') throw forbidden(`clientData.type must be "key.get", got ${quote(data.type)}`);
  if (data.challenge !== challenge)
    throw forbidden('clientData.challenge is not the challenge that was issued');
}
