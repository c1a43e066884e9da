import { isSecretHeader } from '../client/redact.ts';
import { invalidSetting, type SettingLocation } from './setting.ts';

/**
 * Headers a target wants on every request beyond the contract's: `X-DFNS-APPID` on deployments that still
 * require it (keys-api.md §1.3 marks that [I]), or a gateway's own (an access proxy's client id and secret in
 * front of a staging stack). Values are never echoed in an error: some of them are credentials.
 */

// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Headers the run sets itself, with what to do instead. */
const MANAGED: Readonly<Record<string, string>> = {
  authorization: 'set the token in KEYS_API_TOKEN',
  'proxy-authorization': 'put user:password in the proxy URL',
  'x-dfns-useraction': 'the run signs each user action itself',
  'x-dfns-nonce': 'it must be fresh on every request: set KEYS_API_LEGACY_NONCE=true',
  host: 'it follows the target URL',
  'content-type': 'the run sets it per request',
  'content-length': 'the run sets it per request',
  'transfer-encoding': 'the run sets it per request',
  connection: 'the run keeps connections alive itself',
};

function header(name: string, value: unknown, at: SettingLocation): [string, string] {
  const lower = name.trim().toLowerCase();
  if (!HEADER_NAME.test(lower)) throw invalidSetting(at, name, 'is not a header name');
  if (Object.hasOwn(MANAGED, lower)) {
    throw invalidSetting(at, name, `cannot be set here: ${MANAGED[lower] ?? ''}`);
  }
  if (typeof value !== 'string' || CONTROL.test(value)) {
    throw invalidSetting(at, name, 'has a value that is not one line of text');
  }
  if (at.origin === 'flag' && isSecretHeader(lower)) {
    // A command line is visible to every user of the machine (`ps`) and kept in shell history.
    throw invalidSetting(at, name, 'looks like a credential: set it in KEYS_API_HEADERS or the config file');
  }
  return [lower, value.trim()];
}

/**
 * `Name: value` lines (a flag or variable), or a map of names to values (the config file), as lower-case
 * names to values. A name given twice is an error rather than a silent choice.
 */
export function parseExtraHeaders(raw: unknown, at: SettingLocation): Readonly<Record<string, string>> {
  const pairs: [string, unknown][] = [];
  if (typeof raw === 'string') {
    for (const [index, line] of raw.split(/\r?\n/).entries()) {
      if (line.trim() === '') continue;
      const colon = line.indexOf(':');
      // The line itself is not quoted: it may hold a credential.
      if (colon <= 0) throw invalidSetting(at, `line ${index + 1}`, 'is not "Name: value"');
      pairs.push([line.slice(0, colon), line.slice(colon + 1)]);
    }
  } else if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    pairs.push(...Object.entries(raw));
  } else {
    throw invalidSetting(at, raw, 'needs a value: "Name: value" lines');
  }
  // A Map, not an object: a header may be called `constructor` or `__proto__`.
  const headers = new Map<string, string>();
  for (const [name, value] of pairs) {
    const [lower, text] = header(name, value, at);
    if (headers.has(lower)) throw invalidSetting(at, name, 'is given twice');
    headers.set(lower, text);
  }
  if (headers.size === 0) throw invalidSetting(at, raw, 'names no header');
  return Object.fromEntries(headers);
}

/** The headers as they may be printed: credential-looking values hidden. */
export function describeHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isSecretHeader(name) ? '(set)' : value]),
  );
}
