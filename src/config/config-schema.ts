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

/** `node:util` parseArgs options for every setting that has a flag, plus `--config`. */
export function configFlagOptions(
  specs: readonly SettingSpec<unknown>[],
): Record<string, { type: 'string' }> {
  const options: Record<string, { type: 'string' }> = { config: { type: 'string' } };
  for (const spec of specs) if (spec.flag !== undefined) options[spec.flag] = { type: 'string' };
  return options;
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
