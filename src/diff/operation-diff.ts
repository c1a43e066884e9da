import type { DiffChange, Side } from './change.ts';
import { codeSpan } from './code-span.ts';
import { childPointer } from './json-pointer.ts';
import type { IndexedOperation, IndexedParameter } from './operations.ts';
import type { Located, SpecDocument } from './ref-resolver.ts';
import { operationRule, schemaRule } from './rules.ts';
import { diffSchemas, type SchemaChange } from './schema-diff.ts';
import { diffSecurity } from './security-diff.ts';

/** Both contracts, for the comparisons that need to resolve pointers. */
export interface SpecPair {
  readonly old: SpecDocument;
  readonly new: SpecDocument;
}

interface OperationChange {
  readonly id: string;
  readonly location: string;
  readonly subject: string;
  readonly field?: string;
  readonly oldPointer?: string;
  readonly newPointer?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly what: string;
  /** True when OLD required what was removed (a parameter or the body): old servers still demand it. */
  readonly wasRequired?: boolean;
}

/**
 * The change for an operation present on one side only. `counterpart` is the operation with the same
 * operationId on another path in the other version, if any: then the operation moved, and both say so.
 */
export function operationPresenceChange(
  op: IndexedOperation,
  present: 'old' | 'new',
  counterpart?: IndexedOperation,
): DiffChange {
  const id = present === 'new' ? 'operation-added' : 'operation-removed';
  const where = counterpart ? `${counterpart.method} ${counterpart.path}` : '';
  const moved = counterpart
    ? ` (operationId ${op.operationId ?? ''} ${present === 'new' ? 'was' : 'is now'} ${where})`
    : '';
  return place(op, {
    id,
    location: 'operation',
    subject: 'operation',
    ...(present === 'new' ? { newPointer: op.pointer } : { oldPointer: op.pointer }),
    what: `${present === 'new' ? 'added' : 'removed'}${moved}`,
  });
}

/** Every difference between two versions of the same operation (same method and path template). */
export function diffOperation(specs: SpecPair, o: IndexedOperation, n: IndexedOperation): DiffChange[] {
  const changes: DiffChange[] = [];
  const add = (change: OperationChange): void => {
    changes.push(place(n, change));
  };
  if (o.operationId !== n.operationId) {
    add({
      id: 'operation-id-changed',
      location: 'operation',
      subject: 'operationId',
      oldPointer: o.operationId !== undefined ? childPointer(o.pointer, 'operationId') : o.pointer,
      newPointer: n.operationId !== undefined ? childPointer(n.pointer, 'operationId') : n.pointer,
      before: o.operationId,
      after: n.operationId,
      what: `${o.operationId ?? '(none)'} → ${n.operationId ?? '(none)'}`,
    });
  }
  if (!o.deprecated && n.deprecated) {
    add({
      id: 'operation-deprecated',
      location: 'operation',
      subject: 'operation',
      oldPointer: o.pointer,
      newPointer: childPointer(n.pointer, 'deprecated'),
      what: 'now deprecated',
    });
  }
  diffParameters(specs, o, n, add, changes);
  diffRequestBody(specs, o, n, add, changes);
  diffResponses(specs, o, n, add, changes);
  for (const s of diffSecurity(specs.old, o, specs.new, n)) {
    add({ ...s, location: 'security', subject: 'security' });
  }
  return changes;
}

function diffParameters(
  specs: SpecPair,
  o: IndexedOperation,
  n: IndexedOperation,
  add: (c: OperationChange) => void,
  out: DiffChange[],
): void {
  const keys = new Set([...o.parameters.keys(), ...n.parameters.keys()]);
  for (const key of keys) {
    const op = o.parameters.get(key);
    const np = n.parameters.get(key);
    const param = np ?? op!;
    const location = `request.${param.in}`;
    const subject = `parameter ${codeSpan(param.name)}`;
    if (!op && np) {
      add({
        id: np.required ? 'request-required-parameter-added' : 'request-optional-parameter-added',
        location,
        subject,
        field: np.name,
        oldPointer: o.pointer,
        newPointer: np.pointer,
        what: `${np.required ? 'required' : 'optional'} ${np.in} parameter added`,
      });
      continue;
    }
    if (op && !np) {
      add({
        id: 'request-parameter-removed',
        location,
        subject: `parameter ${codeSpan(op.name)}`,
        field: op.name,
        oldPointer: op.pointer,
        newPointer: n.pointer,
        what: `${op.in} parameter removed`,
        wasRequired: op.required,
      });
      continue;
    }
    if (!op || !np) continue;
    if (np.in === 'path' && op.name !== np.name) {
      add({
        id: 'request-path-parameter-renamed',
        location,
        subject,
        field: np.name,
        oldPointer: childPointer(op.pointer, 'name'),
        newPointer: childPointer(np.pointer, 'name'),
        before: op.name,
        after: np.name,
        what: `renamed from ${codeSpan(op.name)}`,
      });
    }
    if (op.required !== np.required) {
      add({
        id: np.required ? 'request-parameter-became-required' : 'request-parameter-became-optional',
        location,
        subject,
        field: np.name,
        oldPointer: op.requiredPointer,
        newPointer: np.requiredPointer,
        before: op.required,
        after: np.required,
        what: np.required ? 'now required' : 'no longer required',
      });
    }
    if (op.schema || np.schema) {
      out.push(...diffPlacedSchema(specs, n, 'request', location, np.name, schemaOf(op), schemaOf(np)));
    }
  }
}

function schemaOf(param: IndexedParameter): Located {
  return param.schema ?? { node: true, pointer: param.pointer };
}

// JSON bodies are "request.body"; any other media type is named, so two bodies never share a location.
function bodyLocation(prefix: string, mediaType: string): string {
  const json = mediaType === 'application/json' || mediaType.endsWith('+json');
  return json ? `${prefix}.body` : `${prefix}.body[${mediaType}]`;
}

function diffRequestBody(
  specs: SpecPair,
  o: IndexedOperation,
  n: IndexedOperation,
  add: (c: OperationChange) => void,
  out: DiffChange[],
): void {
  const ob = o.requestBody;
  const nb = n.requestBody;
  if (!ob && !nb) return;
  if (!ob && nb) {
    add({
      id: nb.required ? 'request-required-body-added' : 'request-optional-body-added',
      location: 'request.body',
      subject: 'body',
      oldPointer: o.pointer,
      newPointer: nb.pointer,
      what: `${nb.required ? 'required' : 'optional'} request body added`,
    });
    return;
  }
  if (ob && !nb) {
    add({
      id: 'request-body-removed',
      location: 'request.body',
      subject: 'body',
      oldPointer: ob.pointer,
      newPointer: n.pointer,
      what: 'request body removed',
      wasRequired: ob.required,
    });
    return;
  }
  if (!ob || !nb) return;
  if (ob.required !== nb.required) {
    add({
      id: nb.required ? 'request-body-became-required' : 'request-body-became-optional',
      location: 'request.body',
      subject: 'body',
      oldPointer: ob.pointer,
      newPointer: nb.pointer,
      before: ob.required,
      after: nb.required,
      what: nb.required ? 'now required' : 'no longer required',
    });
  }
  diffContent(specs, n, 'request', 'request', ob, nb, add, out);
}

function diffContent(
  specs: SpecPair,
  n: IndexedOperation,
  side: Side,
  prefix: string,
  oldHolder: { readonly pointer: string; readonly content: ReadonlyMap<string, Located | undefined> },
  newHolder: { readonly pointer: string; readonly content: ReadonlyMap<string, Located | undefined> },
  add: (c: OperationChange) => void,
  out: DiffChange[],
): void {
  const location = side === 'request' ? 'request.body' : prefix;
  const contentPointer = (holderPointer: string, mediaType: string): string =>
    childPointer(holderPointer, 'content', mediaType);
  const types = new Set([...oldHolder.content.keys(), ...newHolder.content.keys()]);
  for (const mediaType of types) {
    const inOld = oldHolder.content.has(mediaType);
    const inNew = newHolder.content.has(mediaType);
    if (!inOld || !inNew) {
      add({
        id: `${side}-content-type-${inNew ? 'added' : 'removed'}`,
        location,
        subject: `media type ${mediaType}`,
        oldPointer: inOld ? contentPointer(oldHolder.pointer, mediaType) : oldHolder.pointer,
        newPointer: inNew ? contentPointer(newHolder.pointer, mediaType) : newHolder.pointer,
        ...(inOld ? { before: mediaType } : {}),
        ...(inNew ? { after: mediaType } : {}),
        what: inNew ? 'added' : 'removed',
      });
      continue;
    }
    const os = oldHolder.content.get(mediaType);
    const ns = newHolder.content.get(mediaType);
    if (!os && !ns) continue;
    out.push(
      ...diffPlacedSchema(
        specs,
        n,
        side,
        bodyLocation(prefix, mediaType),
        '',
        os ?? { node: true, pointer: contentPointer(oldHolder.pointer, mediaType) },
        ns ?? { node: true, pointer: contentPointer(newHolder.pointer, mediaType) },
      ),
    );
  }
}

function isSuccess(status: string): boolean {
  return /^[23]/.test(status);
}

function diffResponses(
  specs: SpecPair,
  o: IndexedOperation,
  n: IndexedOperation,
  add: (c: OperationChange) => void,
  out: DiffChange[],
): void {
  const statuses = new Set([...o.responses.keys(), ...n.responses.keys()]);
  for (const status of statuses) {
    const or = o.responses.get(status);
    const nr = n.responses.get(status);
    const family = isSuccess(status) ? 'success' : 'error';
    const location = `response.${status}`;
    if (!or && nr) {
      add({
        id: `response-${family}-status-added`,
        location,
        subject: `status ${status}`,
        oldPointer: o.responsesPointer,
        newPointer: nr.pointer,
        after: status,
        what: 'added',
      });
    } else if (or && !nr) {
      add({
        id: `response-${family}-status-removed`,
        location,
        subject: `status ${status}`,
        oldPointer: or.pointer,
        newPointer: n.responsesPointer,
        before: status,
        what: 'no longer documented',
      });
    } else if (or && nr) {
      diffContent(specs, n, 'response', location, or, nr, add, out);
    }
  }
}

function subjectOf(location: string, field: string): string {
  if (location.startsWith('request.') && !location.startsWith('request.body'))
    return `parameter ${codeSpan(field)}`;
  return field === '' ? 'body' : codeSpan(field);
}

function diffPlacedSchema(
  specs: SpecPair,
  n: IndexedOperation,
  side: Side,
  location: string,
  rootField: string,
  oldSchema: Located,
  newSchema: Located,
): DiffChange[] {
  const changes: DiffChange[] = [];
  const emit = (c: SchemaChange): void => {
    const rule = schemaRule(c.suffix, side, {
      closed: c.closedObject === true,
      wasRequired: c.wasRequired === true,
    });
    changes.push(
      place(
        n,
        {
          id: `${side}-${c.suffix}`,
          location,
          subject: subjectOf(location, c.field),
          ...(c.field !== '' ? { field: c.field } : {}),
          oldPointer: c.oldPointer,
          newPointer: c.newPointer,
          ...('before' in c ? { before: c.before } : {}),
          ...('after' in c ? { after: c.after } : {}),
          what: c.what,
        },
        rule,
      ),
    );
  };
  diffSchemas(
    { old: specs.old, new: specs.new, side, emit, seen: new Set() },
    oldSchema,
    newSchema,
    rootField,
  );
  return changes;
}

function place(
  op: IndexedOperation,
  c: OperationChange,
  rule = operationRule(c.id, c.wasRequired),
): DiffChange {
  return {
    id: c.id,
    class: rule.class,
    ...(rule.alsoBreaksServers !== undefined ? { alsoBreaksServers: true as const } : {}),
    ...(op.operationId !== undefined ? { operationId: op.operationId } : {}),
    method: op.method,
    path: op.path,
    location: c.location,
    ...(c.field !== undefined ? { field: c.field } : {}),
    ...(c.oldPointer !== undefined ? { oldPointer: c.oldPointer } : {}),
    ...(c.newPointer !== undefined ? { newPointer: c.newPointer } : {}),
    ...(c.before !== undefined ? { before: c.before } : {}),
    ...(c.after !== undefined ? { after: c.after } : {}),
    message: `${c.subject}: ${c.what}; ${rule.why}${rule.alsoBreaksServers === undefined ? '' : `, and ${rule.alsoBreaksServers}`}`,
  };
}
