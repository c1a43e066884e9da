import {
  negativeDataRejected,
  positiveDataAccepted,
  RESOURCES_EXIST,
  type ValidInput,
} from '../checks/data.ts';
import { rawBody, type RequestBody } from '../client/request-body.ts';
import { isSecretField } from '../client/redact.ts';
import type { Exchange } from '../client/exchange.ts';
import type { CallOptions, Harness } from '../harness/harness.ts';
import { PreconditionError } from '../harness/precondition.ts';
import type { Curve, Scheme } from './profile.ts';

/**
 * One fuzzed request in the form a finding records and `keys-conformance replay` sends again: the
 * operation, its path and query parameters and body as sent, and what a correct target must answer.
 * Values that belong to one target (the id of the key the run prepared, the end user, the export
 * encryption key, signer ids) travel as `{placeholder}`s, and secrets (encrypted key shares, challenge
 * identifiers) as `[secret]`, so the input names the same defect on any target, its fingerprint does not
 * change from run to run, and no secret reaches a report.
 */

/** What a correct target answers. */
export type Expectation =
  /** 2xx: the input is valid and semantically sound (validRequestFor). */
  | 'accepted'
  /** 2xx, or a 4xx whose error names a reason (the input is valid by schema only: an unknown id…). */
  | 'accepted-or-refused'
  /**
   * As `accepted-or-refused`, but not 404: the input is valid by schema and its path names resources the
   * run made and still holds (an operation the suite was not written for, whose meaning it cannot judge).
   */
  | 'accepted-or-refused-found'
  /** 4xx: the input breaks `rule`. */
  | 'refused';

export const EXPECTATIONS: readonly Expectation[] = [
  'accepted',
  'accepted-or-refused',
  'accepted-or-refused-found',
  'refused',
];

/** A body as sent: a JSON value, or raw text (malformed JSON, another content type, an empty body). */
export type FuzzBody = { readonly json: unknown } | { readonly raw: string; readonly contentType?: string };

export interface FuzzRequest {
  readonly operationId: string;
  readonly expect: Expectation;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: FuzzBody;
  /** `refused` only: the pointer of the rule the input breaks. */
  readonly rule?: string;
  /** One line: what the input is (the mutation id for invalid input). */
  readonly description: string;
}

/** The key a `{keyId}` placeholder stands for; replay creates one like it. */
export interface KeySpec {
  readonly scheme: Scheme;
  readonly curve: Curve;
  readonly delayDelegation?: boolean;
}

/** The replay input of a fuzzed request. */
export interface RequestReplayInput extends FuzzRequest {
  readonly kind: 'request';
  readonly key?: KeySpec;
}

/** Marks where a secret was, by the field that held it; replay fills it afresh. */
export function secretPlaceholder(field: string): string {
  return `[secret:${field}]`;
}

const SECRET = /\[secret:([A-Za-z]+)\]/g;

/** Makes the value of the n-th (from 0) secret of a field, e.g. a fresh encrypted share. */
export type SecretSource = (field: string, n: number) => string;

/** Values of one target that an input refers to, by placeholder name (`keyId`, `signerId:0`, …). */
export type Bindings = Readonly<Record<string, string>>;

/** The placeholders there are; anything else in braces is generated text and stays as it is. */
const PLACEHOLDER = /\{(keyId|signatureId|endUserId|encryptionKey|signerId:\d+)\}/g;

/** Sends a fuzzed request; a target that will not even sign the user action gets it unsigned. */
export async function sendFuzzRequest(h: Harness, request: FuzzRequest): Promise<Exchange> {
  const options: CallOptions = {
    ...(request.pathParams === undefined ? {} : { pathParams: request.pathParams }),
    ...(request.query === undefined ? {} : { query: request.query }),
    ...(request.body === undefined ? {} : { body: requestBody(request.body) }),
  };
  try {
    return await h.call(request.operationId, options);
  } catch (error) {
    // A target may refuse to sign a user action over some invalid payloads (too large for the challenge
    // call): the invalid request then goes out unsigned, and must still be refused. A valid one sent
    // unsigned would be refused for the missing signature, and blame the target for the signing failure.
    if (!(error instanceof PreconditionError) || request.expect !== 'refused') throw error;
    return h.call(request.operationId, { ...options, auth: { userAction: 'omit' } });
  }
}

function requestBody(body: FuzzBody): RequestBody {
  // Pre-serialized, so the bytes sent (and signed) are exactly JSON.stringify of the value.
  return 'json' in body ? JSON.stringify(body.json) : rawBody(body.raw, body.contentType);
}

/** What positive_data_accepted lets pass besides a 2xx, for each expectation of valid input. */
const VALID_INPUT_RULES: Readonly<Record<Exclude<Expectation, 'refused'>, Omit<ValidInput, 'description'>>> =
  {
    accepted: {},
    'accepted-or-refused': { semanticRefusalAllowed: true },
    'accepted-or-refused-found': { semanticRefusalAllowed: true, notRefusedWith: RESOURCES_EXIST },
  };

/** Applies the check the expectation calls for: negative_data_rejected or positive_data_accepted. */
export function judgeFuzzRequest(h: Harness, request: FuzzRequest, exchange: Exchange): boolean {
  if (request.expect === 'refused') {
    return h.check(negativeDataRejected, exchange, {
      description: request.description,
      rule: request.rule ?? '(unknown rule)',
    });
  }
  return h.check(positiveDataAccepted, exchange, {
    description: request.description,
    ...VALID_INPUT_RULES[request.expect],
  });
}

/** Replaces every bound value inside every string of a JSON value (keys included). */
function mapStrings(value: unknown, f: (text: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, f));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
}

/** Secret fields keep their type (a mutation may have changed it) but lose every string they hold. */
function withoutSecrets(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutSecrets(item, parentKey));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [
      name,
      isSecretField(name, parentKey)
        ? mapStrings(field, () => secretPlaceholder(name))
        : withoutSecrets(field, name),
    ]),
  );
}

/** Secret string members of raw JSON text (malformed or not), replaced by the placeholder. */
function rawWithoutSecrets(text: string): string {
  return text.replace(
    /"((?:[^"\\]|\\.)*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g,
    (whole, name: string, colon: string) =>
      isSecretField(name) ? `"${name}"${colon}"${secretPlaceholder(name)}"` : whole,
  );
}

function replaceAll(text: string, pairs: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [from, to] of pairs) if (from !== '') out = out.split(from).join(to);
  return out;
}

function mapRequest(request: FuzzRequest, f: (text: string) => string, bodyText: (text: string) => string) {
  const body: FuzzBody | undefined =
    request.body === undefined
      ? undefined
      : 'json' in request.body
        ? { json: mapStrings(request.body.json, f) }
        : {
            raw: bodyText(request.body.raw),
            ...(request.body.contentType === undefined ? {} : { contentType: request.body.contentType }),
          };
  return {
    ...request,
    ...(request.pathParams === undefined
      ? {}
      : { pathParams: mapStrings(request.pathParams, f) as Record<string, string> }),
    ...(request.query === undefined
      ? {}
      : { query: mapStrings(request.query, f) as Record<string, string | readonly string[]> }),
    ...(body === undefined ? {} : { body }),
  };
}

/**
 * The target-independent form of a request as sent: bound values become `{name}` (also inside longer
 * strings, e.g. a key id made one character too long), secrets become `[secret]`. Longest values first,
 * so a value that contains another is replaced whole.
 */
export function abstractRequest(request: FuzzRequest, bindings: Bindings): FuzzRequest {
  const pairs = Object.entries(bindings)
    .map(([name, value]) => [value, `{${name}}`] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const secretFree: FuzzRequest =
    request.body === undefined
      ? request
      : {
          ...request,
          body:
            'json' in request.body
              ? { json: withoutSecrets(request.body.json) }
              : { ...request.body, raw: rawWithoutSecrets(request.body.raw) },
        };
  const { pathParams, query, ...rest } = mapRequest(
    secretFree,
    (text) => replaceAll(text, pairs),
    (text) => replaceAll(text, pairs),
  );
  // Empty parameter lists say nothing: leaving them out keeps one input one fingerprint.
  return {
    ...rest,
    ...(pathParams === undefined || Object.keys(pathParams).length === 0 ? {} : { pathParams }),
    ...(query === undefined || Object.keys(query).length === 0 ? {} : { query }),
  };
}

/** The `{name}` placeholders a request refers to (`keyId`, `signerId:2`, …). */
export function placeholdersOf(request: FuzzRequest): Set<string> {
  const found = new Set<string>();
  const collect = (text: string): string => {
    for (const match of text.matchAll(PLACEHOLDER)) found.add(match[1] ?? '');
    return text;
  };
  mapRequest(request, collect, collect);
  return found;
}

/** The secrets the request carried, by field (each is made afresh on replay). */
export function secretFields(request: FuzzRequest): Map<string, number> {
  const counts = new Map<string, number>();
  const collect = (text: string): string => {
    for (const match of text.matchAll(SECRET)) {
      const field = match[1] ?? '';
      counts.set(field, (counts.get(field) ?? 0) + 1);
    }
    return text;
  };
  mapRequest(request, collect, collect);
  return counts;
}

/**
 * The request for one target: placeholders filled from `bindings`, and secrets made by `secrets`.
 * Throws naming a placeholder that has no value.
 */
export function resolveRequest(
  request: FuzzRequest,
  bindings: Bindings,
  secrets: SecretSource = (field) => {
    throw new Error(`the input holds a ${field}, which this replay cannot make`);
  },
): FuzzRequest {
  const seen = new Map<string, number>();
  const fill = (text: string): string =>
    text
      .replace(PLACEHOLDER, (_whole, name: string) => {
        const value = bindings[name];
        if (value === undefined) {
          throw new Error(`the input refers to {${name}}, which this replay cannot provide`);
        }
        return value;
      })
      .replace(SECRET, (_whole, field: string) => {
        const n = seen.get(field) ?? 0;
        seen.set(field, n + 1);
        return secrets(field, n);
      });
  return mapRequest(request, fill, fill);
}
