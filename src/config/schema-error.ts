import type { ErrorObject } from 'ajv/dist/2020.js';

/**
 * The first ajv error of a user-written file (config, profile) as a person reads it: the key by its dotted
 * name, the type or values it may take, the keys that exist where an unknown one was found. The value
 * given is never quoted: a config file may hold the bearer token.
 */

function dottedPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}

function knownKeys(schema: object, instancePath: string): string[] {
  let level: unknown = schema;
  for (const part of instancePath.split('/').slice(1)) {
    level = (level as { properties?: Record<string, unknown> }).properties?.[part];
  }
  const properties = (level as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return Object.keys(properties).filter((key) => key !== '$schema');
}

/** `fields` names what the top level holds, e.g. `settings`: "must be a JSON/YAML object of settings". */
export function describeSchemaError(error: ErrorObject, schema: object, fields: string): string {
  const at = dottedPath(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    const key = at === '' ? extra : `${at}.${extra}`;
    const known = knownKeys(schema, error.instancePath);
    return `unknown key "${key}" (known keys${at === '' ? '' : ` in ${at}`}: ${known.join(', ')})`;
  }
  if (error.keyword === 'type') {
    const expected = (error.params as { type: string | string[] }).type;
    const type = Array.isArray(expected) ? expected.join(' or ') : expected;
    return at === ''
      ? `must be a JSON/YAML object of ${fields}`
      : `${at} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: readonly unknown[] }).allowedValues;
    return `${at} must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return `${at === '' ? '' : `${at} `}${error.message ?? 'is invalid'}`;
}
