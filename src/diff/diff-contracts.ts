import { summarize, type DiffChange, type DiffReport } from './change.ts';
import { HTTP_METHODS, indexOperations, type IndexedOperation } from './operations.ts';
import { diffOperation, operationPresenceChange } from './operation-diff.ts';
import { assertReferencesResolve } from './ref-resolver.ts';
import { asSpecDocument, specVersion } from './spec-document.ts';

/** Names for the two documents in the report and in error messages (usually their file paths). */
export interface DiffSources {
  readonly oldSource: string;
  readonly newSource: string;
}

/**
 * Compares two parsed OpenAPI 3.x documents operation by operation and schema by schema and classifies
 * every difference. Pure: no I/O. Throws DiffInputError (one line) when a document is not OpenAPI or a
 * `$ref` does not resolve.
 */
export function diffContracts(oldDoc: unknown, newDoc: unknown, sources: DiffSources): DiffReport {
  const specs = {
    old: asSpecDocument(oldDoc, sources.oldSource),
    new: asSpecDocument(newDoc, sources.newSource),
  };
  assertReferencesResolve(specs.old);
  assertReferencesResolve(specs.new);
  const oldOps = indexOperations(specs.old);
  const newOps = indexOperations(specs.new);
  const newById = byOperationId(newOps);
  const oldById = byOperationId(oldOps);
  const changes: DiffChange[] = [];
  for (const [key, o] of oldOps) {
    const n = newOps.get(key);
    if (n) changes.push(...diffOperation(specs, o, n));
    else changes.push(operationPresenceChange(o, 'old', movedCounterpart(o, newById, oldOps)));
  }
  for (const [key, n] of newOps) {
    if (!oldOps.has(key))
      changes.push(operationPresenceChange(n, 'new', movedCounterpart(n, oldById, newOps)));
  }
  const unique = deduplicate(changes).sort(compareChanges);
  return {
    old: { source: sources.oldSource, version: specVersion(specs.old) },
    new: { source: sources.newSource, version: specVersion(specs.new) },
    summary: summarize(unique),
    changes: unique,
  };
}

function byOperationId(ops: ReadonlyMap<string, IndexedOperation>): Map<string, IndexedOperation> {
  const result = new Map<string, IndexedOperation>();
  for (const op of ops.values()) if (op.operationId !== undefined) result.set(op.operationId, op);
  return result;
}

// An operation on one side only whose operationId sits on another path (itself on one side only) in the
// other version has moved: report removed + added, each naming the other.
function movedCounterpart(
  op: IndexedOperation,
  otherById: ReadonlyMap<string, IndexedOperation>,
  ownOps: ReadonlyMap<string, IndexedOperation>,
): IndexedOperation | undefined {
  if (op.operationId === undefined) return undefined;
  const other = otherById.get(op.operationId);
  return other && !ownOps.has(other.key) ? other : undefined;
}

// The same shared schema reached through several fields of one location is one change, not several.
function deduplicate(changes: readonly DiffChange[]): DiffChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    const key = [c.id, c.method, c.path, c.location, c.oldPointer, c.newPointer].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const METHOD_ORDER = new Map<string, number>(HTTP_METHODS.map((m, i) => [m.toUpperCase(), i]));

function locationRank(location: string): string {
  if (location === 'operation') return '0';
  if (location === 'security') return '1';
  if (location.startsWith('request.') && !location.startsWith('request.body')) return `2${location}`;
  if (location.startsWith('request.body')) return `3${location}`;
  return `4${location}`;
}

/** Orders changes by path, method, location (request before response), field and id. */
export function compareChanges(a: DiffChange, b: DiffChange): number {
  const keys = (c: DiffChange): (string | number)[] => [
    c.path,
    METHOD_ORDER.get(c.method) ?? 99,
    locationRank(c.location),
    c.field ?? '',
    c.id,
    c.oldPointer ?? '',
    c.newPointer ?? '',
  ];
  const ka = keys(a);
  const kb = keys(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i]!;
    const y = kb[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
