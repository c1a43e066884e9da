import { bytesToHex } from '@noble/hashes/utils.js';
import { base64, base64nopad, base64url, base64urlnopad } from '@scure/base';
import type { Exchange, ExchangeRequest, ExchangeResponse } from './exchange.ts';

/**
 * The one place that knows what is secret (CONTRIBUTING.md, "Secrets"). Exchanges are kept
 * unredacted in memory because checks need the real bodies; everything that leaves the process (a
 * report, a log line, a curl command) goes through `redactExchange` first.
 *
 * Two layers: rules by name (headers and JSON fields that carry secrets whatever their value) and
 * registered values (the bearer token, the credential key in every encoding it could be echoed in)
 * scrubbed from every string, so a secret echoed in an error message or a URL is caught too.
 */

/** What a secret is replaced with: a fixed marker, so lengths do not leak either. */
export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-dfns-useraction',
  'cookie',
  'set-cookie',
]);
// www-authenticate names the auth scheme and error of a 401: evidence, not a credential.
const PUBLIC_HEADERS = new Set(['content-type', 'accept', 'content-length', 'www-authenticate']);
const SECRET_HEADER_WORDS = /token|secret|key|auth|password|signature|session|cookie|useraction/;

/** True for a header whose value must never leave the process (name compared case-insensitively). */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  if (PUBLIC_HEADERS.has(lower)) return false;
  return SECRET_HEADERS.has(lower) || SECRET_HEADER_WORDS.test(lower);
}

const SECRET_FIELDS = new Set([
  'encryptedkeyshare',
  'useraction',
  'challengeidentifier',
  'challenge',
  'clientdata',
  'privatekey',
  'decryptionkey',
  'encryptedprivatekey',
  'password',
]);

/**
 * True for a JSON field whose value is secret. `parentKey` is the name of the field holding the
 * object the field sits in: `signature` is secret only inside `credentialAssertion` (a user-action
 * proof), while a key's signature elsewhere is public evidence.
 */
export function isSecretField(name: string, parentKey?: string): boolean {
  const lower = name.toLowerCase();
  // A header echoed back as a JSON field (`"authorization": "Bearer …"`) is as secret as the header.
  if (SECRET_FIELDS.has(lower) || SECRET_HEADERS.has(lower)) return true;
  if (lower.startsWith('secret') || lower.endsWith('privatekey') || lower.endsWith('keyshare')) return true;
  return lower === 'signature' && parentKey?.toLowerCase() === 'credentialassertion';
}

/** Redacts secret fields anywhere in a parsed JSON value; returns a new value, never mutates. */
export function redactJsonValue(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => redactJsonValue(item, parentKey));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = isSecretField(name, parentKey) && field !== null ? REDACTED : redactJsonValue(field, name);
  }
  return out;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

/** Index just past the string token starting at `from` (a `"`), or the end of an unterminated one. */
function endOfString(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return text.length;
}

/** Index just past the JSON value starting at `from`; tolerant of malformed text (stops at its end). */
function endOfValue(text: string, from: number): number {
  const first = text.charAt(from);
  if (first === '"') return endOfString(text, from);
  if (first === '{' || first === '[') {
    let depth = 0;
    let i = from;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') {
        i = endOfString(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
      i++;
      if (depth === 0) return i;
    }
    return text.length;
  }
  let i = from;
  while (i < text.length && !/[\s,\]}]/.test(text.charAt(i))) i++;
  return i;
}

function decodeKey(token: string): string {
  try {
    const decoded: unknown = JSON.parse(token);
    return typeof decoded === 'string' ? decoded : token;
  } catch {
    return token.slice(1, -1);
  }
}

/**
 * Redacts secret fields in JSON text without parsing it, so the rest of the body stays byte-exact
 * (duplicate keys, odd spacing) and malformed JSON sent by negative tests is still scrubbed.
 */
export function redactJsonText(text: string): string {
  let out = '';
  let i = 0;
  let pendingKey: string | undefined;
  const parents: string[] = [];
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') {
      const end = endOfString(text, i);
      const colon = skipWhitespace(text, end);
      if (text.charAt(colon) !== ':') {
        out += text.slice(i, end);
        i = end;
        continue;
      }
      const name = decodeKey(text.slice(i, end));
      const valueStart = skipWhitespace(text, colon + 1);
      out += text.slice(i, valueStart);
      i = valueStart;
      if (isSecretField(name, parents.at(-1))) {
        const valueEnd = endOfValue(text, valueStart);
        const value = text.slice(valueStart, valueEnd);
        out += value === 'null' || value === '' ? value : JSON.stringify(REDACTED);
        i = valueEnd;
      } else {
        pendingKey = name;
      }
      continue;
    }
    if (c === '{' || c === '[') {
      parents.push(pendingKey ?? '');
      pendingKey = undefined;
    } else if (c === '}' || c === ']') {
      parents.pop();
    } else if (c === ',') {
      pendingKey = undefined;
    }
    out += c;
    i++;
  }
  return out;
}

/** Scrubs registered secret values from strings; `register` is called by the client at creation. */
export interface Redactor {
  /** A string is registered as is and JSON-escaped; a PEM also by its base64 body and lines. Bytes are
   * registered in hex (both cases) and base64/base64url (padded or not). Empty values are ignored. */
  readonly register: (secret: string | Uint8Array) => void;
  /** The text with every registered secret replaced by REDACTED. */
  readonly scrub: (text: string) => string;
  /** The copy of an exchange that may leave the process. */
  readonly redactExchange: (exchange: Exchange) => Exchange;
  /**
   * Registers the string values of the secret fields (isSecretField) in a parsed JSON value: what a later
   * answer may quote as plain text, where no field name marks it.
   */
  readonly registerSecretFields: (value: unknown) => void;
}

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/g;

function stringForms(secret: string): string[] {
  const forms = [secret, secret.trim(), JSON.stringify(secret).slice(1, -1)];
  for (const match of secret.matchAll(PEM_BLOCK)) {
    const lines = (match[1] ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.includes(':'));
    forms.push(lines.join(''));
    // A report might quote a single line of the PEM; a full line carries 48 bytes of key material.
    forms.push(...lines.filter((line) => line.length >= 16));
  }
  return forms;
}

function byteForms(secret: Uint8Array): string[] {
  const hex = bytesToHex(secret);
  return [
    hex,
    hex.toUpperCase(),
    base64.encode(secret),
    base64nopad.encode(secret),
    base64url.encode(secret),
    base64urlnopad.encode(secret),
  ];
}

function redactHeaders(
  headers: Readonly<Record<string, string>>,
  scrub: (text: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isSecretHeader(name) ? REDACTED : scrub(value);
  }
  return out;
}

function scrubJsonValue(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item: unknown) => scrubJsonValue(item, scrub));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) out[scrub(name)] = scrubJsonValue(field, scrub);
  return out;
}

/** A JSON-like value (a finding's evidence) with every registered secret scrubbed from its strings. */
export function scrubValue<T>(value: T, redactor: Pick<Redactor, 'scrub'>): T {
  // scrubJsonValue keeps the shape of what it is given: only strings change.
  return scrubJsonValue(value, redactor.scrub) as T;
}

function redactUrl(url: string, scrub: (text: string) => string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return scrub(url);
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name: a malformed escape is itself evidence a negative test wants to keep
      }
      return eq >= 0 && (isSecretField(decoded) || isSecretHeader(decoded)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return scrub(`${url.slice(0, queryStart)}?${query}`);
}

function redactBody(body: string, scrub: (text: string) => string): string {
  return scrub(redactJsonText(body));
}

function redactRequest(request: ExchangeRequest, scrub: (text: string) => string): ExchangeRequest {
  return {
    method: request.method,
    url: redactUrl(request.url, scrub),
    path: scrub(request.path),
    headers: redactHeaders(request.headers, scrub),
    ...(request.body === undefined ? {} : { body: redactBody(request.body, scrub) }),
  };
}

/**
 * Parsed values nested deeper than this are left out of the redacted copy. Redacting walks the value
 * recursively, and a target answering 30,000 nested arrays (60 KB) overflowed the stack: the test then
 * ended "Maximum call stack size exceeded" and lost its finding. The body text is redacted without
 * recursion and stays, so the evidence does too.
 */
const MAX_PARSED_DEPTH = 1_000;

function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

function redactResponse(response: ExchangeResponse, scrub: (text: string) => string): ExchangeResponse {
  const parsed = response.parsed;
  return {
    status: response.status,
    headers: redactHeaders(response.headers, scrub),
    body: redactBody(response.body, scrub),
    ...(parsed === undefined || nestedDeeperThan(parsed.value, MAX_PARSED_DEPTH)
      ? {}
      : { parsed: { value: scrubJsonValue(redactJsonValue(parsed.value), scrub) } }),
  };
}

function redactWith(exchange: Exchange, scrub: (text: string) => string): Exchange {
  return {
    ...exchange,
    request: redactRequest(exchange.request, scrub),
    ...(exchange.response === undefined ? {} : { response: redactResponse(exchange.response, scrub) }),
    ...(exchange.failure === undefined
      ? {}
      : { failure: { kind: exchange.failure.kind, message: scrub(exchange.failure.message) } }),
  };
}

/** The string leaves of a JSON value, without recursion (a fuzzed body may be nested deep). */
function stringLeaves(value: unknown): string[] {
  const found: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') found.push(item);
    else if (item !== null && typeof item === 'object')
      for (const child of Object.values(item)) pending.push(child);
  }
  return found;
}

/**
 * The string values of the secret fields of a request body (each `encryptedKeyShare` of an import). The
 * field is redacted by name where it stands, but a target that quotes the body it got in an error message
 * puts the values inside one string, where no field name marks them.
 */
function secretFieldStrings(body: string | undefined): string[] {
  let value: unknown;
  try {
    value = body === undefined ? undefined : JSON.parse(body);
  } catch {
    return [];
  }
  return secretFieldValues(value);
}

/** The string values of the secret fields of a parsed JSON value, without recursion. */
function secretFieldValues(value: unknown): string[] {
  const found: string[] = [];
  const pending: [unknown, string | undefined][] = [[value, undefined]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, parentKey] = next;
    if (Array.isArray(item)) for (const child of item as unknown[]) pending.push([child, parentKey]);
    else if (item !== null && typeof item === 'object') {
      for (const [name, field] of Object.entries(item)) {
        if (isSecretField(name, parentKey)) found.push(...stringLeaves(field));
        else pending.push([field, name]);
      }
    }
  }
  return found;
}

/** Secrets at least this long are found by a prefix index; shorter ones by plain search. */
const PREFIX = 8;

/**
 * Length of the registered secret at `at` (candidates longest first), whole or cut short. A message that
 * quotes the target's words cuts them (with `…`, or at the end of the text) before anything redacts it, and
 * the part of a secret left before the cut is still secret.
 */
function secretLengthAt(
  candidates: readonly string[] | undefined,
  text: string,
  at: number,
): number | undefined {
  if (candidates === undefined) return undefined;
  const whole = candidates.find((secret) => text.startsWith(secret, at));
  if (whole !== undefined) return whole.length;
  for (const secret of candidates) {
    const rest = text.slice(at, at + secret.length);
    const cut = rest.indexOf('…');
    const quoted = cut < 0 ? rest : rest.slice(0, cut);
    const endsHere = cut >= 0 || at + rest.length === text.length;
    if (endsHere && secret.startsWith(quoted)) return quoted.length;
  }
  return undefined;
}

/**
 * A redactor with its own registry of secret values. Every user-action token and challenge a run
 * obtains is registered, so the registry grows with the run; scrubbing therefore looks secrets up
 * by their first characters at each position (one pass over the text) instead of searching for each.
 */
export function createRedactor(): Redactor {
  const byPrefix = new Map<string, string[]>();
  const short = new Set<string>();
  const add = (secret: string): void => {
    if (secret.length < PREFIX) {
      short.add(secret);
      return;
    }
    const key = secret.slice(0, PREFIX);
    const list = byPrefix.get(key) ?? [];
    if (list.includes(secret)) return;
    // Longest first, so a PEM is replaced whole before one of its lines could match.
    byPrefix.set(
      key,
      [...list, secret].sort((a, b) => b.length - a.length),
    );
  };
  const scrub = (text: string): string => {
    let out = '';
    let copied = 0;
    let i = 0;
    if (byPrefix.size > 0) {
      while (i + PREFIX <= text.length) {
        const hit = secretLengthAt(byPrefix.get(text.slice(i, i + PREFIX)), text, i);
        if (hit === undefined) {
          i++;
          continue;
        }
        out += `${text.slice(copied, i)}${REDACTED}`;
        i += hit;
        copied = i;
      }
    }
    out += text.slice(copied);
    for (const secret of short) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const register = (secret: string | Uint8Array): void => {
    const forms = typeof secret === 'string' ? stringForms(secret) : byteForms(secret);
    for (const form of forms) if (form !== '') add(form);
  };
  return {
    register,
    scrub,
    redactExchange: (exchange) => {
      for (const secret of secretFieldStrings(exchange.request.body)) register(secret);
      return redactWith(exchange, scrub);
    },
    registerSecretFields: (value) => {
      for (const secret of secretFieldValues(value)) register(secret);
    },
  };
}

/** Redacts by rule only (headers and fields); pass a redactor to also scrub its registered values. */
export function redactExchange(exchange: Exchange, redactor?: Redactor): Exchange {
  return redactor === undefined ? redactWith(exchange, (text) => text) : redactor.redactExchange(exchange);
}
