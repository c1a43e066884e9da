import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ConfigError } from './config-error.ts';
import { describeSchemaError } from './schema-error.ts';
import { quoteValue, secretLook } from './secret-looking.ts';
import type { ConfigFileValues, JsonSchema } from './setting.ts';
import { parseUserYaml, UserYamlError } from './user-yaml.ts';

/**
 * Finds, reads, parses and validates the config file. Parse errors and YAML warnings give a position,
 * never the offending text: a config file may hold the bearer token.
 */

export const CONFIG_FILE_NAMES = [
  'keys-conformance.config.json',
  'keys-conformance.config.yaml',
  'keys-conformance.config.yml',
] as const;

export interface ConfigFileLocation {
  readonly path: string;
  /** As shown in messages: the name found in the cwd, or the path as given. */
  readonly label: string;
  /** How it was chosen, for messages about an unreadable file. */
  readonly chosenBy: string;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The explicit path if given (`--config` or the caller's), else the one config file in the cwd. */
export async function locateConfigFile(
  cwd: string,
  explicit?: { readonly path: string; readonly chosenBy: string },
): Promise<ConfigFileLocation | undefined> {
  if (explicit !== undefined) {
    const path = isAbsolute(explicit.path) ? explicit.path : resolve(cwd, explicit.path);
    return { path, label: explicit.path, chosenBy: explicit.chosenBy };
  }
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) if (await isFile(resolve(cwd, name))) found.push(name);
  if (found.length > 1) {
    throw new ConfigError(
      `config file: found ${found.join(' and ')} in ${cwd}; keep one or pass --config FILE`,
    );
  }
  const name = found[0];
  return name === undefined ? undefined : { path: resolve(cwd, name), label: name, chosenBy: 'config file' };
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

function parseText(text: string, location: ConfigFileLocation): unknown {
  if (extname(location.path).toLowerCase() === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
      const where = position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`;
      throw new ConfigError(`${location.label}: is not valid JSON${where}`);
    }
  }
  try {
    return parseUserYaml(text);
  } catch (error) {
    if (!(error instanceof UserYamlError)) throw error;
    throw new ConfigError(`${location.label}: ${error.message}`);
  }
}

/** Reads and validates the config file; its values keyed as in the schema. */
export async function loadConfigFile(
  location: ConfigFileLocation,
  schema: JsonSchema,
): Promise<ConfigFileValues> {
  let text: string;
  try {
    text = await readFile(location.path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const prefix = location.chosenBy === 'config file' ? location.label : location.chosenBy;
    // A token or key pasted where the file's path belongs would be echoed as the path.
    const shown = secretLook(location.label) === undefined ? location.path : quoteValue(location.label);
    throw new ConfigError(
      `${prefix}: cannot read ${shown} (${typeof code === 'string' ? code : 'unreadable'})`,
    );
  }
  const values = parseText(text, location);
  const validate = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true }).compile(schema);
  if (!validate(values)) {
    const first = validate.errors?.[0];
    throw new ConfigError(
      first === undefined
        ? `${location.label}: does not match the config schema`
        : `${location.label}: ${describeSchemaError(first, schema, 'settings')}`,
    );
  }
  return { label: location.label, dir: dirname(location.path), values: values as Record<string, unknown> };
}
