import { ConfigError } from './config-error.ts';
import { quoteValue } from './secret-looking.ts';

/**
 * The generic precedence merge: a setting is described once (its flag, environment variable,
 * config-file key, file schema and parser) and resolved flags > environment > config file. A new
 * setting (profile path, baseline, suites, fuzz budgets) is one more SettingSpec, not new plumbing.
 */

export type SettingOrigin = 'flag' | 'env' | 'file' | 'default';

/** A JSON Schema fragment (draft 2020-12 / ajv) for a setting's value in the config file. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Where a raw value was found, for error messages and for resolving relative paths. */
export interface SettingLocation {
  readonly origin: Exclude<SettingOrigin, 'default'>;
  /** `--timeout`, `KEYS_API_TIMEOUT_MS` or `keys-conformance.config.json: timeouts.requestMs`. */
  readonly label: string;
  /** Relative paths resolve against this: the cwd for flags and environment, the file's folder for the file. */
  readonly baseDir: string;
}

export interface SettingSpec<T> {
  /** Dotted position in the config file and in `origins`, e.g. `timeouts.requestMs`. */
  readonly key: string;
  /** Long flag name without dashes, e.g. `timeout`. */
  readonly flag?: string;
  /** The flag may be given more than once; its values reach `parse` one per line. */
  readonly repeatable?: boolean;
  /** Environment variable, e.g. `KEYS_API_TIMEOUT_MS`. An empty variable counts as unset. */
  readonly env?: string;
  /** Schema of the value in the config file; a setting without one is not accepted in files. */
  readonly fileSchema?: JsonSchema;
  /** One line for `--help` and the schema's description. */
  readonly description: string;
  /** Turns a raw value (a string from a flag or the environment, a schema-checked value from the
   * file) into the setting; throws ConfigError (see `invalidSetting`) when it cannot. */
  readonly parse: (raw: unknown, at: SettingLocation) => T | Promise<T>;
}

export interface ConfigSources {
  /** Parsed flags by long name (`node:util` parseArgs output works as is). */
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly file?: ConfigFileValues;
}

export interface ConfigFileValues {
  /** As the user would recognise it: the name found in the cwd, or the path given to --config. */
  readonly label: string;
  readonly dir: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface ResolvedSetting<T> {
  readonly value: T;
  readonly origin: Exclude<SettingOrigin, 'default'>;
  readonly label: string;
}

function valueAtKey(values: Readonly<Record<string, unknown>>, key: string): unknown {
  let current: unknown = values;
  for (const part of key.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function rawCandidate(
  spec: SettingSpec<unknown>,
  sources: ConfigSources,
): { raw: unknown; at: SettingLocation } | undefined {
  if (spec.flag !== undefined) {
    const raw = sources.flags[spec.flag];
    if (raw !== undefined)
      return { raw, at: { origin: 'flag', label: `--${spec.flag}`, baseDir: sources.cwd } };
  }
  if (spec.env !== undefined) {
    const raw = sources.env[spec.env];
    if (raw !== undefined && raw !== '')
      return { raw, at: { origin: 'env', label: spec.env, baseDir: sources.cwd } };
  }
  if (spec.fileSchema !== undefined && sources.file !== undefined) {
    const raw = valueAtKey(sources.file.values, spec.key);
    if (raw !== undefined) {
      return {
        raw,
        at: { origin: 'file', label: `${sources.file.label}: ${spec.key}`, baseDir: sources.file.dir },
      };
    }
  }
  return undefined;
}

/** The setting from its highest-precedence source, parsed; undefined when no source sets it. */
export async function resolveSetting<T>(
  spec: SettingSpec<T>,
  sources: ConfigSources,
): Promise<ResolvedSetting<T> | undefined> {
  const candidate = rawCandidate(spec, sources);
  if (candidate === undefined) return undefined;
  const value = await spec.parse(candidate.raw, candidate.at);
  return { value, origin: candidate.at.origin, label: candidate.at.label };
}

/**
 * A one-line ConfigError: `<where>: "<value>" <expected>`; a secret is named, never quoted, and a value
 * that looks like one (a token in the wrong setting) is shown only by its start and length.
 */
export function invalidSetting(
  at: SettingLocation,
  raw: unknown,
  expected: string,
  options: { readonly secretName?: string; readonly key?: string } = {},
): ConfigError {
  const shown = options.secretName ?? quoteValue(raw);
  return new ConfigError(`${at.label}: ${shown} ${expected}`, options.key);
}
