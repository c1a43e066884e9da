import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { CredentialKeyError, loadCredentialKey } from '../crypto/credential.ts';
import { ConfigError } from './config-error.ts';
import { secretLook, urlLabel } from './secret-looking.ts';
import { invalidSetting, type SettingLocation } from './setting.ts';

/**
 * Value parsers shared by settings. Each accepts what a flag or variable gives (a string) and what
 * a config file gives (a schema-checked JSON value), and throws a one-line ConfigError otherwise.
 */

// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f]/;

/** The raw value as text; a bare boolean flag (`--timeout` with no value) is an error. */
function text(raw: unknown, at: SettingLocation, expected: string, secretName?: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && at.origin === 'file') return String(raw);
  throw invalidSetting(at, raw, `needs a value: ${expected}`, secretName === undefined ? {} : { secretName });
}

/** An http(s) URL without query or fragment, normalised without a trailing slash. */
export function parseHttpUrl(raw: unknown, at: SettingLocation): string {
  const value = text(raw, at, 'an http(s) URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidSetting(at, value, 'is not an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidSetting(at, value, 'is not an http(s) URL');
  if (url.search !== '' || url.hash !== '') {
    throw invalidSetting(at, urlLabel(value), 'must not carry a query or fragment (expected a base URL)');
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL would be echoed in every report line that names the target.
    throw invalidSetting(
      at,
      `${url.protocol}//…@${url.host}`,
      'must not carry user:password (use KEYS_API_TOKEN)',
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** A parser for a whole number in [min, max]; `expected` ends the message (`is not a positive integer…`). */
function wholeNumber(
  what: string,
  min: number,
  max: number,
  expected = `is not ${what}${max < Number.MAX_SAFE_INTEGER ? ` (at most ${max})` : ''}`,
): (raw: unknown, at: SettingLocation) => number {
  return (raw, at) => {
    const value = text(raw, at, what);
    if (!/^\d+$/.test(value.trim())) throw invalidSetting(at, raw, expected);
    const number = Number(value.trim());
    if (!Number.isSafeInteger(number) || number < min || number > max)
      throw invalidSetting(at, raw, expected);
    return number;
  };
}

/** A parser for a whole number in [1, max] with a unit named in the message. */
export function positiveInteger(unit: string, max: number): (raw: unknown, at: SettingLocation) => number {
  return wholeNumber(`a positive integer of ${unit}`, 1, max);
}

/** A parser for a whole number in [0, max] with a unit named in the message. */
export function countOf(unit: string, max: number): (raw: unknown, at: SettingLocation) => number {
  return wholeNumber(
    `a whole number of ${unit}`,
    0,
    max,
    `is not a whole number of ${unit} from 0 to ${max}`,
  );
}

/** The largest delay setTimeout honours; above it Node fires at once, which would disable the deadline. */
export const MAX_TIMER_MS = 2_147_483_647;

const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000 } as const;
type DurationUnit = keyof typeof DURATION_UNITS;

/**
 * A parser for a duration in milliseconds: a number with a unit (500ms, 90s, 2m) or a bare number in
 * `bareUnit` (what the setting has always taken), up to the longest delay a timer honours.
 */
export function durationMs(bareUnit: DurationUnit): (raw: unknown, at: SettingLocation) => number {
  const bare = bareUnit === 'ms' ? 'milliseconds' : bareUnit === 's' ? 'seconds' : 'minutes';
  const expected = `a duration (${bare}, or with a unit: 500ms, 90s, 2m) of at most ${MAX_TIMER_MS} ms`;
  return (raw, at) => {
    const value = typeof raw === 'number' ? String(raw) : text(raw, at, expected).trim();
    const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
    const unit = (match?.[2] as DurationUnit | undefined) ?? bareUnit;
    const ms = match === null ? NaN : Math.round(Number(match[1]) * DURATION_UNITS[unit]);
    if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS)
      throw invalidSetting(at, raw, `is not ${expected}`);
    return ms;
  };
}

/** A secret string (the bearer token): non-empty, no spaces or control characters, never quoted. */
export function secretText(secretName: string): (raw: unknown, at: SettingLocation) => string {
  return (raw, at) => {
    const value = text(raw, at, secretName, secretName);
    if (value.trim() === '') throw invalidSetting(at, raw, 'is empty', { secretName });
    if (CONTROL_OR_SPACE.test(value)) {
      throw invalidSetting(at, raw, 'contains spaces or control characters (a header value cannot)', {
        secretName,
      });
    }
    return value;
  };
}

/** A public identifier (e.g. a credential id): non-empty, no spaces or control characters. */
export function identifier(description: string): (raw: unknown, at: SettingLocation) => string {
  return (raw, at) => {
    const value = text(raw, at, description);
    if (value === '' || CONTROL_OR_SPACE.test(value)) {
      throw invalidSetting(at, raw, `is not ${description} (non-empty, no spaces)`);
    }
    return value;
  };
}

/** A non-empty string, e.g. a clientData origin. */
export function nonEmptyText(description: string): (raw: unknown, at: SettingLocation) => string {
  return (raw, at) => {
    const value = text(raw, at, description);
    if (value === '') throw invalidSetting(at, raw, `is empty; expected ${description}`);
    return value;
  };
}

/** `true`/`false` (also `1`/`0`, `yes`/`no` from flags and the environment). */
export function parseBoolean(raw: unknown, at: SettingLocation): boolean {
  if (typeof raw === 'boolean') return raw;
  const value = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw invalidSetting(at, raw, 'is not a boolean (expected true or false)');
}

export interface CredentialKeyFile {
  readonly path: string;
  /** The PEM text. A secret: never logged. */
  readonly pem: string;
}

/** Reads a credential key PEM from a path and checks it is a key the client can sign with. */
export async function readCredentialKeyFile(raw: unknown, at: SettingLocation): Promise<CredentialKeyFile> {
  const given = text(raw, at, 'a path to a PEM private key');
  if (given === '') throw invalidSetting(at, raw, 'is empty; expected a path to a PEM private key');
  const path = isAbsolute(given) ? given : resolve(at.baseDir, given);
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    // The key itself pasted where its path belongs: the path would echo it into the error.
    const look = secretLook(given);
    if (look !== undefined) {
      throw new ConfigError(
        `${at.label}: takes the path of a PEM file, not the key itself (the value given ${look}); write the key to a file and give its path`,
      );
    }
    const code = (error as { code?: unknown }).code;
    throw new ConfigError(
      `${at.label}: cannot read ${path} (${typeof code === 'string' ? code : 'unreadable'})`,
    );
  }
  try {
    loadCredentialKey(pem);
  } catch (error) {
    if (!(error instanceof CredentialKeyError)) throw error;
    throw invalidSetting(at, raw, `is not a usable credential key: ${error.message}`);
  }
  return { path, pem };
}
