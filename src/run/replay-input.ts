import { LIFECYCLE_OPS, type LifecycleReplayInput, type LifecycleStep } from './replay-lifecycle.ts';
import { EXPECTATIONS, type FuzzBody, type KeySpec, type RequestReplayInput } from './replay-request.ts';

/**
 * The replay input of a finding (`finding.replay.input`), read from a file a user hands to `keys-conformance
 * replay`: either one fuzzed request or a lifecycle sequence. Everything is checked, and a problem is named
 * with where it is and what was expected, because the file may have been edited by hand.
 */
export type ReplayInput = RequestReplayInput | LifecycleReplayInput;

/** A replay input that cannot be used; the message names the place and what was expected. */
export class ReplayInputError extends Error {
  override readonly name = 'ReplayInputError';
}

const SCHEMES: readonly string[] = ['ECDSA', 'EdDSA', 'Schnorr', 'DH'];
const CURVES: readonly string[] = ['secp256k1', 'stark', 'ed25519'];

type Json = Readonly<Record<string, unknown>>;

function fail(at: string, problem: string): never {
  throw new ReplayInputError(`replay input${at === '' ? '' : ` ${at}`}: ${problem}`);
}

function object(value: unknown, at: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(at, 'is not an object');
  return value as Json;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string') fail(at, 'is not a string');
  return value;
}

function stringRecord(value: unknown, at: string): Record<string, string> {
  const record = object(value, at);
  for (const [name, item] of Object.entries(record)) string(item, `${at}.${name}`);
  return record as Record<string, string>;
}

function queryRecord(value: unknown, at: string): Record<string, string | readonly string[]> {
  const record = object(value, at);
  for (const [name, item] of Object.entries(record)) {
    if (Array.isArray(item)) item.forEach((v: unknown, i) => string(v, `${at}.${name}[${i}]`));
    else string(item, `${at}.${name}`);
  }
  return record as Record<string, string | readonly string[]>;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], at: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(at, `is ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function keyIndex(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(at, 'is not a key index (an integer from 0)');
  }
  return value;
}

function body(value: unknown, at: string): FuzzBody {
  const b = object(value, at);
  if ('json' in b) return { json: b.json };
  if (typeof b.raw !== 'string') fail(at, 'holds neither "json" nor a "raw" string');
  return {
    raw: b.raw,
    ...(b.contentType === undefined ? {} : { contentType: string(b.contentType, `${at}.contentType`) }),
  };
}

function keySpec(value: unknown, at: string): KeySpec {
  const k = object(value, at);
  const delay = k.delayDelegation;
  if (delay !== undefined && typeof delay !== 'boolean') fail(`${at}.delayDelegation`, 'is not a boolean');
  return {
    scheme: oneOf(k.scheme, SCHEMES, `${at}.scheme`) as KeySpec['scheme'],
    curve: oneOf(k.curve, CURVES, `${at}.curve`) as KeySpec['curve'],
    ...(delay === true ? { delayDelegation: true } : {}),
  };
}

function requestInput(input: Json): RequestReplayInput {
  const expect = oneOf(input.expect, EXPECTATIONS, '.expect');
  const rule = input.rule === undefined ? undefined : string(input.rule, '.rule');
  if (expect === 'refused' && rule === undefined)
    fail('.rule', 'is missing; a refused input names the rule it breaks');
  return {
    kind: 'request',
    operationId: string(input.operationId, '.operationId'),
    expect,
    description: string(input.description, '.description'),
    ...(rule === undefined ? {} : { rule }),
    ...(input.key === undefined ? {} : { key: keySpec(input.key, '.key') }),
    ...(input.pathParams === undefined ? {} : { pathParams: stringRecord(input.pathParams, '.pathParams') }),
    ...(input.query === undefined ? {} : { query: queryRecord(input.query, '.query') }),
    ...(input.body === undefined ? {} : { body: body(input.body, '.body') }),
  };
}

function step(value: unknown, at: string): LifecycleStep {
  const s = object(value, at);
  const op = oneOf(s.op, LIFECYCLE_OPS, `${at}.op`);
  switch (op) {
    case 'CreateKey': {
      if (typeof s.delayDelegation !== 'boolean') fail(`${at}.delayDelegation`, 'is not a boolean');
      return {
        op,
        scheme: oneOf(s.scheme, SCHEMES, `${at}.scheme`) as KeySpec['scheme'],
        curve: oneOf(s.curve, CURVES, `${at}.curve`) as KeySpec['curve'],
        delayDelegation: s.delayDelegation,
      };
    }
    case 'ImportKey':
    case 'ListKeys':
      return { op };
    case 'UpdateKey':
      if (s.name !== null && typeof s.name !== 'string') fail(`${at}.name`, 'is neither a string nor null');
      return { op, key: keyIndex(s.key, `${at}.key`), name: s.name };
    case 'GenerateSignature': {
      const hash = string(s.hash, `${at}.hash`);
      if (!/^(0x)?[0-9a-fA-F]{64}$/.test(hash)) fail(`${at}.hash`, 'is not 32 bytes of hex');
      return { op, key: keyIndex(s.key, `${at}.key`), hash };
    }
    default:
      return { op, key: keyIndex(s.key, `${at}.key`) };
  }
}

/** Reads a finding's replay input; throws ReplayInputError naming the first problem. */
export function parseReplayInput(value: unknown): ReplayInput {
  const input = object(value, '');
  const kind = oneOf(input.kind, ['request', 'lifecycle'] as const, '.kind');
  if (kind === 'request') return requestInput(input);
  if (!Array.isArray(input.steps) || input.steps.length === 0)
    fail('.steps', 'is not a non-empty array of steps');
  return { kind, steps: input.steps.map((s: unknown, i) => step(s, `.steps[${i}]`)) };
}
