import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/**
 * The reference's own reading of openapi.yaml: for each operation its method, path, request-body schema and
 * parameters, and whether it needs a user action. It deliberately shares no code with src/contract, so a bug
 * in one cannot hide in the other (a test checks both agree on the operation list).
 */
export const OPENAPI_FILE = new URL('../../openapi.yaml', import.meta.url);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface OperationParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  /** JSON pointer (`#/…`) of the parameter's schema inside openapi.yaml. */
  readonly schemaPointer: string;
  /** The schema's `type`, to turn query text into a number where the schema wants one. */
  readonly type: string | undefined;
  /** The schema's `default`, applied when the parameter is absent. */
  readonly default: unknown;
}

export interface ContractOperation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/keys/{keyId}`. */
  readonly path: string;
  /** Pointer of the application/json request-body schema; absent when the operation takes no body. */
  readonly bodySchemaPointer: string | undefined;
  readonly parameters: readonly OperationParameter[];
  /** The operation's security requires `userActionSignature` (X-DFNS-USERACTION). */
  readonly requiresUserAction: boolean;
}

export interface OpenApiIndex {
  readonly document: Readonly<Record<string, unknown>>;
  readonly operations: ReadonlyMap<string, ContractOperation>;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

let cached: OpenApiIndex | undefined;

export function openApiIndex(): OpenApiIndex {
  cached ??= indexDocument(parseYaml(readFileSync(OPENAPI_FILE, 'utf8')) as unknown);
  return cached;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`openapi.yaml: ${where} must be a mapping`);
  }
  return value as Record<string, unknown>;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function indexDocument(raw: unknown): OpenApiIndex {
  const document = record(raw, 'the document');
  const paths = record(document.paths, 'paths');
  const operations = new Map<string, ContractOperation>();
  for (const [path, itemValue] of Object.entries(paths)) {
    const item = record(itemValue, `paths.${path}`);
    const pathPointer = `#/paths/${escapeToken(path)}`;
    const shared = parameterList(document, item.parameters, `${pathPointer}/parameters`);
    for (const method of METHODS) {
      const opValue = item[method.toLowerCase()];
      if (opValue === undefined) continue;
      const op = record(opValue, `${path} ${method}`);
      const opPointer = `${pathPointer}/${method.toLowerCase()}`;
      const operationId = op.operationId;
      if (typeof operationId !== 'string')
        throw new Error(`openapi.yaml: ${method} ${path} has no operationId`);
      const own = parameterList(document, op.parameters, `${opPointer}/parameters`);
      const byName = new Map([...shared, ...own].map((p) => [`${p.in}:${p.name}`, p]));
      operations.set(operationId, {
        operationId,
        method,
        path,
        bodySchemaPointer: bodyPointer(op, opPointer),
        parameters: [...byName.values()],
        requiresUserAction: needsUserAction(op.security),
      });
    }
  }
  return { document, operations };
}

function bodyPointer(op: Record<string, unknown>, opPointer: string): string | undefined {
  if (op.requestBody === undefined) return undefined;
  const content = record(record(op.requestBody, `${opPointer}/requestBody`).content, `${opPointer} content`);
  if (content['application/json'] === undefined) return undefined;
  return `${opPointer}/requestBody/content/application~1json/schema`;
}

function needsUserAction(security: unknown): boolean {
  if (!Array.isArray(security)) return false;
  return security.some(
    (requirement: unknown) =>
      typeof requirement === 'object' && requirement !== null && 'userActionSignature' in requirement,
  );
}

function parameterList(
  document: Record<string, unknown>,
  list: unknown,
  listPointer: string,
): OperationParameter[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`openapi.yaml: ${listPointer} must be a list`);
  return list.map((entry: unknown, i) => {
    let pointer = `${listPointer}/${i}`;
    let param = record(entry, pointer);
    if (typeof param.$ref === 'string') {
      pointer = param.$ref;
      param = record(resolvePointer(document, param.$ref), param.$ref);
    }
    const where = param.in;
    if (where !== 'path' && where !== 'query')
      throw new Error(`openapi.yaml: ${pointer} is not a path or query parameter`);
    if (typeof param.name !== 'string') throw new Error(`openapi.yaml: ${pointer} has no name`);
    const schema = record(param.schema, `${pointer}/schema`);
    return {
      name: param.name,
      in: where,
      required: param.required === true,
      schemaPointer: `${pointer}/schema`,
      type: typeof schema.type === 'string' ? schema.type : undefined,
      default: schema.default,
    };
  });
}

export function resolvePointer(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#'))
    throw new Error(`openapi.yaml: only local $refs are supported, got ${pointer}`);
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = record(node, pointer)[token];
    if (node === undefined) throw new Error(`openapi.yaml: ${pointer} does not resolve`);
  }
  return node;
}
