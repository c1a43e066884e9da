import { badRequest } from '../errors.ts';
import type { ContractOperation } from './openapi-operations.ts';
import { schemaIssues, type SchemaIssue } from './schema-validators.ts';

/**
 * Request validation against openapi.yaml: path and query parameters (query text becomes a number where the
 * schema wants one, so `limit=abc` fails on `type`), and the JSON body. Failures are 400 with every issue in
 * `details.errors` and the first few in the message.
 */
const MAX_IN_MESSAGE = 3;
const MAX_IN_DETAILS = 20;

export type ParameterValues = Readonly<Record<string, unknown>>;

export function validateParameters(
  operation: ContractOperation,
  pathParams: Readonly<Record<string, string>>,
  query: URLSearchParams,
): ParameterValues {
  const values: Record<string, unknown> = {};
  const issues: SchemaIssue[] = [];
  for (const parameter of operation.parameters) {
    const where = `${parameter.in} parameter ${parameter.name}`;
    let raw: string | undefined;
    if (parameter.in === 'path') raw = pathParams[parameter.name];
    else {
      const all = query.getAll(parameter.name);
      if (all.length > 1) {
        issues.push({
          path: where,
          keyword: 'single',
          message: `${where} is given ${all.length} times; expected once`,
        });
        continue;
      }
      raw = all[0];
    }
    if (raw === undefined) {
      if (parameter.required)
        issues.push({ path: where, keyword: 'required', message: `${where} is required` });
      else if (parameter.default !== undefined) values[parameter.name] = parameter.default;
      continue;
    }
    const value = typed(raw, parameter.type);
    const found = schemaIssues(parameter.schemaPointer, value, where);
    if (found.length > 0) issues.push(...found);
    else values[parameter.name] = value;
  }
  if (issues.length > 0) throw invalid(issues);
  return values;
}

export function validateBody(
  operation: ContractOperation,
  body: unknown,
  ignore: (issue: SchemaIssue) => boolean = () => false,
): void {
  if (operation.bodySchemaPointer === undefined) return;
  const issues = schemaIssues(operation.bodySchemaPointer, body, 'body').filter((issue) => !ignore(issue));
  if (issues.length > 0) throw invalid(issues);
}

function typed(raw: string, type: string | undefined): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function invalid(issues: readonly SchemaIssue[]) {
  const shown = issues.slice(0, MAX_IN_MESSAGE).map((i) => i.message);
  const more = issues.length > MAX_IN_MESSAGE ? ` (and ${issues.length - MAX_IN_MESSAGE} more)` : '';
  return badRequest(`${shown.join('; ')}${more}`, {
    errors: issues.slice(0, MAX_IN_DETAILS).map(({ path, keyword, message }) => ({ path, keyword, message })),
  });
}
