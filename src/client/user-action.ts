import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';
import { signClientData, type CredentialKey } from '../crypto/credential.ts';
import { buildClientData, type ClientDataExtras } from './client-data.ts';
import type { Exchange, HttpMethod } from './exchange.ts';
import { printable } from '../command-io.ts';

/**
 * User-action signing (keys-api.md §5.1): init a challenge for the exact method, path and payload,
 * sign clientData with the credential, trade the assertion for a one-time token. A step that fails
 * stops the flow, and the error says which step and why in one line.
 */

/** What a user action is bound to; the auth suite signs one target and sends another. */
export interface UserActionTarget {
  readonly method: HttpMethod;
  /** The path as the request will send it, without the query. */
  readonly path: string;
  /** The exact body string; "" when there is none. */
  readonly payload: string;
}

export interface UserActionSigner {
  readonly credentialId: string;
  readonly key: CredentialKey;
  readonly clientData?: ClientDataExtras;
}

export type UserActionPurpose = 'user-action-init' | 'user-action-sign';
export type UserActionStep = 'init' | 'sign';

export interface UserActionError {
  readonly step: UserActionStep;
  /** One line, no secrets, e.g. `user-action signing failed at init: 401 Not Authorized.` */
  readonly message: string;
  /** The auth exchange that failed, when one was made. */
  readonly exchange?: Exchange;
}

export type UserActionResult =
  | { readonly ok: true; readonly token: string; readonly exchanges: readonly Exchange[] }
  | { readonly ok: false; readonly error: UserActionError; readonly exchanges: readonly Exchange[] };

/** Sends one auth sub-call (bearer only) and returns its recorded exchange. */
export type PostAuthCall = (path: string, body: object, purpose: UserActionPurpose) => Promise<Exchange>;

export const USER_ACTION_INIT_PATH = '/auth/action/init';
export const USER_ACTION_SIGN_PATH = '/auth/action';

const MAX_DETAIL = 200;

// The detail quotes the target, and run and check print it on the terminal: printable() shows a control
// character (an escape sequence: clear the screen, retitle the window) as \u001b instead.
function oneLine(text: string): string {
  const collapsed = printable(text.replace(/\s+/g, ' ').trim());
  return collapsed.length > MAX_DETAIL ? `${collapsed.slice(0, MAX_DETAIL)}…` : collapsed;
}

function errorMessageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === 'object' && nested !== null) {
    const message = (nested as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  return typeof record.message === 'string' ? record.message : undefined;
}

/** Why an auth exchange did not yield what the flow needs, or undefined when it is a usable 2xx. */
function exchangeProblem(exchange: Exchange): string | undefined {
  const { response, failure } = exchange;
  if (response === undefined) return `${failure?.kind ?? 'network'} (${failure?.message ?? 'no response'})`;
  if (failure !== undefined) return `${response.status} then ${failure.kind} (${failure.message})`;
  if (response.status < 200 || response.status > 299) {
    const detail = errorMessageOf(response.parsed?.value) ?? response.body;
    return oneLine(`${response.status} ${detail}`);
  }
  if (response.parsed === undefined) return `${response.status} but the body is not JSON`;
  return undefined;
}

function stringField(exchange: Exchange, name: string): string | undefined {
  const value = exchange.response?.parsed?.value;
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[name];
  return typeof field === 'string' && field !== '' ? field : undefined;
}

function failed(
  step: UserActionStep,
  detail: string,
  exchanges: readonly Exchange[],
  exchange?: Exchange,
): UserActionResult {
  const message = `user-action signing failed at ${step}: ${detail}`;
  return { ok: false, error: { step, message, ...(exchange === undefined ? {} : { exchange }) }, exchanges };
}

/** How the flow keeps its secrets out of what it reports. */
export interface FlowRedaction {
  /** Registers a value obtained during the flow (challenge, challenge identifier, token) as secret. */
  readonly register: (secret: string) => void;
  /** The copy of an exchange that is safe to quote in an error message. */
  readonly redactExchange: (exchange: Exchange) => Exchange;
}

/** Runs the flow; the error message is built from redacted exchanges, since it may be printed as is. */
export async function signUserActionFlow(
  post: PostAuthCall,
  signer: UserActionSigner | undefined,
  target: UserActionTarget,
  redaction: FlowRedaction,
): Promise<UserActionResult> {
  // Worded from the redacted copy, since the message may be printed; redacting costs a scan of the whole
  // exchange, so only an exchange that has a problem is redacted.
  const problemOf = (exchange: Exchange): string | undefined =>
    exchangeProblem(exchange) === undefined ? undefined : exchangeProblem(redaction.redactExchange(exchange));
  if (signer === undefined) {
    return failed('sign', 'no credential is configured (a credential id and key are needed)', []);
  }
  const init = await post(
    USER_ACTION_INIT_PATH,
    {
      userActionHttpMethod: target.method,
      userActionHttpPath: target.path,
      userActionPayload: target.payload,
      userActionServerKind: 'Api',
    },
    'user-action-init',
  );
  const initProblem = problemOf(init);
  if (initProblem !== undefined) return failed('init', initProblem, [init], init);
  const challenge = stringField(init, 'challenge');
  const challengeIdentifier = stringField(init, 'challengeIdentifier');
  if (challenge === undefined || challengeIdentifier === undefined) {
    const missing = challenge === undefined ? 'challenge' : 'challengeIdentifier';
    const status = init.response?.status ?? 0;
    return failed('init', `${status} but the body lacks "${missing}" (a non-empty string)`, [init], init);
  }
  redaction.register(challenge);
  redaction.register(challengeIdentifier);

  const signed = utf8ToBytes(buildClientData(challenge, signer.clientData));
  const clientData = base64urlnopad.encode(signed);
  const signature = base64urlnopad.encode(signClientData(signer.key, signed));
  // The assertion trades for a user action until the challenge expires; a target that quotes the body it
  // got in an error message would otherwise put it in that message, which names no field to redact.
  redaction.register(clientData);
  redaction.register(signature);
  const sign = await post(
    USER_ACTION_SIGN_PATH,
    {
      challengeIdentifier,
      firstFactor: {
        kind: 'Key',
        credentialAssertion: {
          credId: signer.credentialId,
          clientData,
          signature,
        },
      },
    },
    'user-action-sign',
  );
  const exchanges = [init, sign];
  const issued = stringField(sign, 'userAction');
  if (issued !== undefined) redaction.register(issued);
  const signProblem = problemOf(sign);
  if (signProblem !== undefined) return failed('sign', signProblem, exchanges, sign);
  const token = issued;
  if (token === undefined) {
    const status = sign.response?.status ?? 0;
    return failed('sign', `${status} but the body lacks "userAction" (a non-empty string)`, exchanges, sign);
  }
  return { ok: true, token, exchanges };
}
