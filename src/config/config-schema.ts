import { ConfigError } from './config-error.ts';
import { givenMoreThanOnce } from '../command-io.ts';
import type { JsonSchema, SettingSpec } from './setting.ts';

/**
 * The config file's JSON Schema, built from the settings that accept a file value, so the schema
 * and the settings cannot drift apart. Every object level rejects unknown keys.
 */

// A type alias, not an interface, so it is assignable to the index-signature JsonSchema.
export type ObjectSchema = {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, JsonSchema | ObjectSchema>;
  description?: string;
};

function objectSchema(): ObjectSchema {
  return { type: 'object', additionalProperties: false, properties: {} };
}

export function configFileSchema(specs: readonly SettingSpec<unknown>[]): ObjectSchema {
  // `$schema` lets an editor find a published copy of this schema; it is not a setting.
  const root = objectSchema();
  root.properties.$schema = { type: 'string', description: 'URL of this JSON Schema, for editors' };
  for (const spec of specs) {
    if (spec.fileSchema === undefined) continue;
    const parts = spec.key.split('.');
    const leaf = parts.pop();
    if (leaf === undefined) continue;
    let level = root;
    for (const part of parts) {
      const existing = level.properties[part];
      if (existing !== undefined && existing.type === 'object' && 'additionalProperties' in existing) {
        level = existing as ObjectSchema;
      } else {
        const created = objectSchema();
        level.properties[part] = created;
        level = created;
      }
    }
    level.properties[leaf] = { ...spec.fileSchema, description: spec.description };
  }
  return root;
}

type FlagOption = { type: 'string'; multiple: true };

/**
 * `node:util` parseArgs options for every setting that has a flag, plus `--config`. Every flag is taken as
 * many times as it is given, so `flagValues` can refuse a repeat rather than let parseArgs keep the last.
 */
export function configFlagOptions(specs: readonly SettingSpec<unknown>[]): Record<string, FlagOption> {
  const options: Record<string, FlagOption> = { config: { type: 'string', multiple: true } };
  for (const spec of specs)
    if (spec.flag !== undefined) options[spec.flag] = { type: 'string', multiple: true };
  return options;
}

/**
 * The flags as settings read them: one value each. A flag given twice is an error (which one was meant?),
 * except a `repeatable` one, whose values are joined with newlines, one per line, for its parser.
 */
export function flagValues(
  values: Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>,
  specs: readonly SettingSpec<unknown>[],
): Record<string, string | boolean | undefined> {
  const out: Record<string, string | boolean | undefined> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!Array.isArray(value)) {
      out[name] = value as string | boolean | undefined;
      continue;
    }
    if (value.length > 1 && specs.find((spec) => spec.flag === name)?.repeatable !== true) {
      throw new ConfigError(givenMoreThanOnce(name, value.length));
    }
    out[name] = value.length === 1 ? (value[0] as string | boolean) : value.join('\n');
  }
  return out;
}

/** `--help` lines for every setting with a flag (`--flag  description [ENV]`), then `--config`. */
export function flagHelpLines(specs: readonly SettingSpec<unknown>[]): string[] {
  const line = (flag: string, text: string): string => `  --${flag.padEnd(18)} ${text}`;
  return [
    ...specs
      .filter((s) => s.flag !== undefined)
      .map((s) => line(s.flag ?? '', `${s.description}${s.env === undefined ? '' : ` [${s.env}]`}`)),
    line('config', 'A .json or .yaml config file (default: keys-conformance.config.json|yaml in the cwd)'),
  ];
}
