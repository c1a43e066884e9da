import { canonicalJson } from './canonical-json.ts';
import { codeSpan } from './code-span.ts';
import { childPointer, isRecord } from './json-pointer.ts';
import type { IndexedOperation, SecurityAlternative } from './operations.ts';
import type { SpecDocument } from './ref-resolver.ts';

/** A security difference of one operation, before classification. */
export interface SecurityChange {
  readonly id: string;
  readonly oldPointer: string;
  readonly newPointer: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly what: string;
}

interface Alternative {
  readonly schemes: SecurityAlternative;
  readonly pointer: string;
  readonly label: string;
}

/**
 * Compares the effective security of one operation. The requirement list is an OR of alternatives,
 * each an AND of schemes; with one alternative on each side (the usual case) schemes are compared one
 * by one, otherwise whole alternatives are matched by their scheme names.
 */
export function diffSecurity(
  oldSpec: SpecDocument,
  oldOp: IndexedOperation,
  newSpec: SpecDocument,
  newOp: IndexedOperation,
): SecurityChange[] {
  const oldAlts = alternatives(oldOp);
  const newAlts = alternatives(newOp);
  const changes: SecurityChange[] = [];
  if (oldAlts.length === 1 && newAlts.length === 1) {
    compareSchemes(oldAlts[0]!, newAlts[0]!, changes);
  } else {
    const newByLabel = new Map(newAlts.map((a) => [a.label, a]));
    const oldByLabel = new Map(oldAlts.map((a) => [a.label, a]));
    for (const o of oldAlts) {
      const n = newByLabel.get(o.label);
      if (n) compareSchemes(o, n, changes);
      else
        changes.push({
          id: 'security-requirement-removed',
          oldPointer: o.pointer,
          newPointer: newOp.security.pointer,
          before: o.label,
          what: `requirement ${o.label} removed`,
        });
    }
    for (const n of newAlts) {
      if (!oldByLabel.has(n.label))
        changes.push({
          id: 'security-requirement-added',
          oldPointer: oldOp.security.pointer,
          newPointer: n.pointer,
          after: n.label,
          what: `requirement ${n.label} added`,
        });
    }
  }
  changes.push(...compareDefinitions(oldSpec, oldOp, newSpec, newOp));
  return changes;
}

// No requirement at all is one alternative that needs nothing, so going from none to bearer reads as
// "scheme bearer added" rather than "requirement added".
function alternatives(op: IndexedOperation): Alternative[] {
  const { pointer, alternatives: alts } = op.security;
  if (alts.length === 0) return [{ schemes: new Map(), pointer, label: '(none)' }];
  return alts.map((schemes, i) => ({
    schemes,
    pointer: childPointer(pointer, i),
    label: schemes.size === 0 ? '(none)' : [...schemes.keys()].sort().join('+'),
  }));
}

function compareSchemes(o: Alternative, n: Alternative, changes: SecurityChange[]): void {
  for (const [scheme, oldScopes] of o.schemes) {
    const newScopes = n.schemes.get(scheme);
    if (newScopes === undefined) {
      changes.push({
        id: 'security-scheme-removed',
        oldPointer: childPointer(o.pointer, scheme),
        newPointer: n.pointer,
        before: scheme,
        what: `scheme ${scheme} no longer required`,
      });
      continue;
    }
    const added = newScopes.filter((s) => !oldScopes.includes(s));
    const removed = oldScopes.filter((s) => !newScopes.includes(s));
    const base = {
      oldPointer: childPointer(o.pointer, scheme),
      newPointer: childPointer(n.pointer, scheme),
      before: oldScopes,
      after: newScopes,
    };
    if (added.length > 0)
      changes.push({
        ...base,
        id: 'security-scope-added',
        what: `${scheme} now needs scopes ${added.join(', ')}`,
      });
    if (removed.length > 0)
      changes.push({
        ...base,
        id: 'security-scope-removed',
        what: `${scheme} no longer needs scopes ${removed.join(', ')}`,
      });
  }
  for (const scheme of n.schemes.keys()) {
    if (!o.schemes.has(scheme))
      changes.push({
        id: 'security-scheme-added',
        oldPointer: o.pointer,
        newPointer: childPointer(n.pointer, scheme),
        after: scheme,
        what: `scheme ${scheme} now required`,
      });
  }
}

// A scheme that keeps its name but moves (another header, bearer → apiKey) breaks callers just the same.
function compareDefinitions(
  oldSpec: SpecDocument,
  oldOp: IndexedOperation,
  newSpec: SpecDocument,
  newOp: IndexedOperation,
): SecurityChange[] {
  const used = (op: IndexedOperation): Set<string> =>
    new Set(op.security.alternatives.flatMap((alt) => [...alt.keys()]));
  const newUsed = used(newOp);
  const changes: SecurityChange[] = [];
  for (const name of [...used(oldOp)].filter((s) => newUsed.has(s)).sort()) {
    const before = schemeDefinition(oldSpec, name);
    const after = schemeDefinition(newSpec, name);
    if (before === undefined || after === undefined || wireForm(before) === wireForm(after)) continue;
    changes.push({
      id: 'security-scheme-definition-changed',
      oldPointer: childPointer('#/components/securitySchemes', name),
      newPointer: childPointer('#/components/securitySchemes', name),
      before,
      after,
      what: `scheme ${name} is now defined as ${codeSpan(canonicalJson(after))} (was ${codeSpan(canonicalJson(before))})`,
    });
  }
  return changes;
}

// The parts of a security scheme that decide what goes on the wire (descriptions and `bearerFormat`, which
// OpenAPI calls documentation only, do not).
function schemeDefinition(spec: SpecDocument, name: string): Record<string, unknown> | undefined {
  const components = spec.document.components;
  const schemes = isRecord(components) ? components.securitySchemes : undefined;
  const scheme = isRecord(schemes) ? schemes[name] : undefined;
  if (!isRecord(scheme)) return undefined;
  return Object.fromEntries(
    Object.entries(scheme).filter(
      ([k]) => k !== 'description' && k !== 'bearerFormat' && !k.startsWith('x-'),
    ),
  );
}

// HTTP header names and auth schemes (RFC 9110) are case-insensitive; query and cookie names are not.
function wireForm(definition: Record<string, unknown>): string {
  const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);
  const header = definition.type === 'apiKey' && definition.in === 'header';
  return canonicalJson({
    ...definition,
    ...(header ? { name: lower(definition.name) } : {}),
    ...(definition.type === 'http' ? { scheme: lower(definition.scheme) } : {}),
  });
}
