import { DiffInputError } from './errors.ts';
import { childPointer, isRecord } from './json-pointer.ts';
import { followReferences, type Located, type SpecDocument } from './ref-resolver.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One parameter of an operation, after path-level and operation-level lists are merged. */
export interface IndexedParameter {
  /** `query`, `header`, `path` or `cookie`. */
  readonly in: string;
  readonly name: string;
  readonly required: boolean;
  /** The `required` keyword, or the parameter object when it does not state one. */
  readonly requiredPointer: string;
  /** The parameter object (after `$ref`). */
  readonly pointer: string;
  /** Its schema (`schema`, or the schema of its single `content` entry), if any. */
  readonly schema?: Located;
}

/** One security requirement alternative: scheme name → scopes. */
export type SecurityAlternative = ReadonlyMap<string, readonly string[]>;

/** An operation, indexed for comparison. */
export interface IndexedOperation {
  /** `POST /keys/{}`: method and path template with parameter names blanked, so renaming one is no new operation. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly pointer: string;
  readonly operationId?: string;
  readonly deprecated: boolean;
  /** Keyed `in:name` (header names lower-cased); path parameters keyed by position, `path:#0`. */
  readonly parameters: ReadonlyMap<string, IndexedParameter>;
  readonly requestBody?: {
    readonly pointer: string;
    readonly required: boolean;
    readonly content: ReadonlyMap<string, Located | undefined>;
  };
  /** Status (as written: `200`, `4XX`, `default`) → response. */
  readonly responses: ReadonlyMap<
    string,
    { readonly pointer: string; readonly content: ReadonlyMap<string, Located | undefined> }
  >;
  readonly responsesPointer: string;
  readonly security: { readonly pointer: string; readonly alternatives: readonly SecurityAlternative[] };
}

/** Indexes every operation of a document by method and normalized path template. */
export function indexOperations(spec: SpecDocument): Map<string, IndexedOperation> {
  const paths = spec.document.paths;
  const result = new Map<string, IndexedOperation>();
  if (paths === undefined) return result;
  if (!isRecord(paths))
    throw new DiffInputError(
      `${spec.source}: "paths" must be an object mapping path templates to path items`,
    );
  const templates = new Map<string, string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemPointer = childPointer('#/paths', path);
    const item = followReferences(spec, { node: rawItem, pointer: itemPointer });
    if (!isRecord(item.node))
      throw new DiffInputError(`${spec.source}: path item at ${itemPointer} must be an object`);
    const normalized = normalizeTemplate(path);
    const clash = templates.get(normalized);
    if (clash !== undefined) {
      throw new DiffInputError(
        `${spec.source}: paths "${clash}" and "${path}" are the same template (OpenAPI forbids this); expected one of them`,
      );
    }
    templates.set(normalized, path);
    const pathParams = readParameters(
      spec,
      item.node.parameters,
      childPointer(item.pointer, 'parameters'),
      path,
    );
    for (const method of HTTP_METHODS) {
      const op = item.node[method];
      if (op === undefined) continue;
      const pointer = childPointer(item.pointer, method);
      if (!isRecord(op))
        throw new DiffInputError(`${spec.source}: operation at ${pointer} must be an object`);
      const own = readParameters(spec, op.parameters, childPointer(pointer, 'parameters'), path);
      const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
      const requestBody = readRequestBody(spec, op.requestBody, childPointer(pointer, 'requestBody'));
      result.set(`${method.toUpperCase()} ${normalized}`, {
        key: `${method.toUpperCase()} ${normalized}`,
        method: method.toUpperCase(),
        path,
        pointer,
        ...(operationId !== undefined ? { operationId } : {}),
        deprecated: op.deprecated === true,
        parameters: new Map([...pathParams, ...own]),
        ...(requestBody ? { requestBody } : {}),
        responses: readResponses(spec, op.responses, childPointer(pointer, 'responses')),
        responsesPointer: childPointer(pointer, 'responses'),
        security: readSecurity(spec, op, pointer),
      });
    }
  }
  return result;
}

/** `/keys/{keyId}/signatures/{signatureId}` → `/keys/{}/signatures/{}`. */
export function normalizeTemplate(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
}

function readParameters(
  spec: SpecDocument,
  raw: unknown,
  pointer: string,
  path: string,
): Map<string, IndexedParameter> {
  const result = new Map<string, IndexedParameter>();
  if (raw === undefined) return result;
  if (!Array.isArray(raw))
    throw new DiffInputError(`${spec.source}: "parameters" at ${pointer} must be an array`);
  const positions = pathParameterNames(path);
  raw.forEach((entry: unknown, i) => {
    const located = followReferences(spec, { node: entry, pointer: childPointer(pointer, i) });
    const p = located.node;
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.in !== 'string') {
      throw new DiffInputError(
        `${spec.source}: parameter at ${located.pointer} must be an object with string "name" and "in"`,
      );
    }
    const position = positions.indexOf(p.name);
    const key =
      p.in === 'path' && position >= 0
        ? `path:#${String(position)}`
        : `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    result.set(key, {
      in: p.in,
      name: p.name,
      required: p.in === 'path' || p.required === true,
      requiredPointer: 'required' in p ? childPointer(located.pointer, 'required') : located.pointer,
      pointer: located.pointer,
      ...optionalSchema(parameterSchema(p, located.pointer)),
    });
  });
  return result;
}

function optionalSchema(schema: Located | undefined): { schema?: Located } {
  return schema ? { schema } : {};
}

function parameterSchema(p: Record<string, unknown>, pointer: string): Located | undefined {
  if ('schema' in p) return { node: p.schema, pointer: childPointer(pointer, 'schema') };
  if (isRecord(p.content)) {
    const [mediaType, media] = Object.entries(p.content)[0] ?? [];
    if (mediaType !== undefined && isRecord(media) && 'schema' in media) {
      return { node: media.schema, pointer: childPointer(pointer, 'content', mediaType, 'schema') };
    }
  }
  return undefined;
}

function readContent(spec: SpecDocument, raw: unknown, pointer: string): Map<string, Located | undefined> {
  const result = new Map<string, Located | undefined>();
  if (raw === undefined) return result;
  if (!isRecord(raw))
    throw new DiffInputError(`${spec.source}: "content" at ${pointer} must be an object keyed by media type`);
  for (const [mediaType, media] of Object.entries(raw)) {
    const mediaPointer = childPointer(pointer, mediaType);
    const schema =
      isRecord(media) && 'schema' in media
        ? { node: media.schema, pointer: childPointer(mediaPointer, 'schema') }
        : undefined;
    result.set(mediaType.toLowerCase(), schema);
  }
  return result;
}

function readRequestBody(spec: SpecDocument, raw: unknown, pointer: string): IndexedOperation['requestBody'] {
  if (raw === undefined) return undefined;
  const body = followReferences(spec, { node: raw, pointer });
  if (!isRecord(body.node))
    throw new DiffInputError(`${spec.source}: request body at ${body.pointer} must be an object`);
  return {
    pointer: body.pointer,
    required: body.node.required === true,
    content: readContent(spec, body.node.content, childPointer(body.pointer, 'content')),
  };
}

function readResponses(spec: SpecDocument, raw: unknown, pointer: string): IndexedOperation['responses'] {
  const result = new Map<string, { pointer: string; content: Map<string, Located | undefined> }>();
  if (raw === undefined) return result;
  if (!isRecord(raw))
    throw new DiffInputError(`${spec.source}: "responses" at ${pointer} must be an object keyed by status`);
  for (const [status, response] of Object.entries(raw)) {
    if (status.startsWith('x-')) continue;
    const located = followReferences(spec, { node: response, pointer: childPointer(pointer, status) });
    if (!isRecord(located.node))
      throw new DiffInputError(`${spec.source}: response at ${located.pointer} must be an object`);
    result.set(status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(), {
      pointer: located.pointer,
      content: readContent(spec, located.node.content, childPointer(located.pointer, 'content')),
    });
  }
  return result;
}

// An operation's own `security` replaces the document's; an empty list means no authentication.
function readSecurity(
  spec: SpecDocument,
  op: Record<string, unknown>,
  opPointer: string,
): IndexedOperation['security'] {
  const own = 'security' in op;
  const raw = own ? op.security : spec.document.security;
  // With no security anywhere, point at the operation (a pointer must resolve in the file).
  if (raw === undefined) return { pointer: opPointer, alternatives: [] };
  const pointer = own ? childPointer(opPointer, 'security') : '#/security';
  if (!Array.isArray(raw))
    throw new DiffInputError(
      `${spec.source}: "security" at ${pointer} must be an array of requirement objects`,
    );
  const alternatives = raw.map((req: unknown, i) => {
    if (!isRecord(req))
      throw new DiffInputError(
        `${spec.source}: security requirement at ${childPointer(pointer, i)} must be an object`,
      );
    return new Map(
      Object.entries(req).map(([scheme, scopes]) => [
        scheme,
        Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
      ]),
    );
  });
  return { pointer, alternatives };
}
