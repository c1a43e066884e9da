import type { Exchange } from './exchange.ts';
import { isSecretHeader, redactExchange, type Redactor } from './redact.ts';

/**
 * A one-line curl command that repeats an exchange's request, for a finding's reader to paste into
 * a POSIX shell. Credentials appear as shell variables, never values: the bearer token as
 * $KEYS_API_TOKEN, the user action as $KEYS_API_USER_ACTION (one-time, so the reader signs a fresh
 * one). Secret body fields are redacted, so such a body repeats the shape, not the secret.
 */

export const TOKEN_VARIABLE = 'KEYS_API_TOKEN';
export const USER_ACTION_VARIABLE = 'KEYS_API_USER_ACTION';

export interface CurlOptions {
  /** `--max-time` in seconds; default 30. */
  readonly maxTimeSeconds?: number;
  /** Also scrub the values this redactor registered (the client's `redactor`). */
  readonly redactor?: Redactor;
}

// Printable ASCII and any non-ASCII character are safe inside single quotes; control characters
// (newline, tab, ESC) would break the one-line form, so they switch to $'...' quoting.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Quotes a string as one shell word. */
export function shellQuote(text: string): string {
  if (!CONTROL.test(text)) return `'${text.replaceAll("'", `'\\''`)}'`;
  let out = "$'";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === "'") out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

function headerArgument(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization') return `-H "Authorization: Bearer $${TOKEN_VARIABLE}"`;
  if (lower === 'x-dfns-useraction') return `-H "X-DFNS-USERACTION: $${USER_ACTION_VARIABLE}"`;
  if (isSecretHeader(lower)) {
    const variable = `KEYS_API_HEADER_${lower.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    return `-H "${lower}: $${variable}"`;
  }
  return `-H ${shellQuote(`${lower}: ${value}`)}`;
}

export function toCurl(exchange: Exchange, options: CurlOptions = {}): string {
  // Only the request is redacted: the response may be megabytes the command line never shows.
  const { response: _response, failure: _failure, ...sent } = exchange;
  const { request } = redactExchange(sent, options.redactor);
  const maxTime = options.maxTimeSeconds ?? 30;
  const parts = [
    'curl',
    '-sS',
    '-i',
    '--max-time',
    String(maxTime),
    '-X',
    request.method,
    shellQuote(request.url),
  ];
  for (const [name, value] of Object.entries(request.headers)) parts.push(headerArgument(name, value));
  // --data-raw, not -d: a body starting with @ must not be read as a file name.
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}
