import { canonicalJson } from './canonical-json.ts';
import { codeSpan } from './code-span.ts';
import type { Side } from './change.ts';
import { matchBranches } from './branch-match.ts';
import type { Located, SpecDocument } from './ref-resolver.ts';
import {
  COUNT_KEYWORDS,
  schemaView,
  type BranchGroup,
  type CountKeyword,
  type SchemaView,
} from './schema-view.ts';

/** One schema difference before it is placed in an operation and classified. */
export interface SchemaChange {
  /** A key of SCHEMA_RULES, e.g. `max-length-added`; the id becomes `<side>-<suffix>`. */
  readonly suffix: string;
  readonly field: string;
  readonly oldPointer: string;
  readonly newPointer: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** What changed, for the message (the reason for the class is added by the caller). */
  readonly what: string;
  /**
   * True when the object that decides (OLD's for an addition, NEW's for a removal) forbids properties
   * it does not name; it changes the class or the reason of a few kinds.
   */
  readonly closedObject?: boolean;
  /** True when OLD required what was removed; old servers still demand it. */
  readonly wasRequired?: boolean;
}

export interface SchemaDiffContext {
  readonly old: SpecDocument;
  readonly new: SpecDocument;
  readonly side: Side;
  readonly emit: (change: SchemaChange) => void;
  /** Pairs of schema pointers already compared in this location (stops cycles and repeats). */
  readonly seen: Set<string>;
}

/** Compares two schemas recursively and emits every difference the rules know. */
export function diffSchemas(ctx: SchemaDiffContext, oldLoc: Located, newLoc: Located, field: string): void {
  const o = schemaView(ctx.old, oldLoc);
  const n = schemaView(ctx.new, newLoc);
  const key = `${o.pointer}|${n.pointer}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  compareTypes(ctx, o, n, field);
  compareEnums(ctx, o, n, field);
  compareStringKeyword(ctx, o, n, field, 'pattern');
  compareStringKeyword(ctx, o, n, field, 'format');
  for (const k of COUNT_KEYWORDS) compareCount(ctx, o, n, field, k);
  compareBound(ctx, o, n, field, 'lower');
  compareBound(ctx, o, n, field, 'upper');
  compareMultipleOf(ctx, o, n, field);
  compareUniqueItems(ctx, o, n, field);
  compareDefault(ctx, o, n, field);
  compareProperties(ctx, o, n, field);
  compareOpenness(ctx, o, n, field, 'additionalProperties');
  compareOpenness(ctx, o, n, field, 'unevaluatedProperties');
  compareItems(ctx, o, n, field);
  compareBranches(ctx, o, n, field);
}

// --- value constraints ---------------------------------------------------------------------------

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

// The types a schema admits: its `type`, else the types of its enum values (so adding `type: string`
// beside an all-string enum is no change), else undefined (any type).
function effectiveTypes(view: SchemaView): { types: readonly string[]; pointer: string } | undefined {
  if (view.type) return { types: view.type.value, pointer: view.type.pointer };
  if (view.enum) return { types: [...new Set(view.enum.value.map(jsonType))], pointer: view.enum.pointer };
  return undefined;
}

function typeSubset(a: readonly string[], b: readonly string[]): boolean {
  return a.every((t) => b.includes(t) || (t === 'integer' && b.includes('number')));
}

function compareTypes(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  const ot = effectiveTypes(o);
  const nt = effectiveTypes(n);
  if (!ot && !nt) return;
  const show = (t: { types: readonly string[] } | undefined): string => (t ? t.types.join('|') : 'any');
  const base = {
    field,
    oldPointer: ot?.pointer ?? o.pointer,
    newPointer: nt?.pointer ?? n.pointer,
    ...(ot ? { before: ot.types } : {}),
    ...(nt ? { after: nt.types } : {}),
  };
  const what = `type ${show(ot)} → ${show(nt)}`;
  if (!ot) ctx.emit({ ...base, suffix: 'type-narrowed', what });
  else if (!nt) ctx.emit({ ...base, suffix: 'type-widened', what });
  else {
    const narrower = typeSubset(nt.types, ot.types);
    const wider = typeSubset(ot.types, nt.types);
    if (narrower && wider) return;
    const suffix = narrower ? 'type-narrowed' : wider ? 'type-widened' : 'type-changed';
    ctx.emit({ ...base, suffix, what });
  }
}

function listValues(values: readonly unknown[]): string {
  if (values.length === 0) return '(none: no value is valid)';
  const shown = values.slice(0, 6).map((v) => codeSpan(typeof v === 'string' ? v : canonicalJson(v)));
  return values.length > 6 ? `${shown.join(', ')}, … (+${values.length - 6} more)` : shown.join(', ');
}

function compareEnums(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  const oe = o.enum;
  const ne = n.enum;
  if (!oe && !ne) return;
  if (!oe && ne) {
    ctx.emit({
      suffix: 'enum-narrowed',
      field,
      oldPointer: o.pointer,
      newPointer: ne.pointer,
      after: ne.value,
      what: `enum added: ${listValues(ne.value)}`,
    });
    return;
  }
  if (oe && !ne) {
    ctx.emit({
      suffix: 'enum-widened',
      field,
      oldPointer: oe.pointer,
      newPointer: n.pointer,
      before: oe.value,
      what: 'enum removed (any value of the type is now valid)',
    });
    return;
  }
  if (!oe || !ne) return;
  const oldKeys = new Set(oe.value.map(canonicalJson));
  const newKeys = new Set(ne.value.map(canonicalJson));
  const removed = oe.value.filter((v) => !newKeys.has(canonicalJson(v)));
  const added = ne.value.filter((v) => !oldKeys.has(canonicalJson(v)));
  const base = { field, before: oe.value, after: ne.value };
  if (removed.length > 0) {
    const oldPointer = partPointer(oe, removed);
    const newPointer =
      oe.parts && oldPointer !== oe.pointer ? counterpartPointer(ne, oldPointer) : ne.pointer;
    ctx.emit({
      ...base,
      oldPointer,
      newPointer,
      suffix: 'enum-narrowed',
      what: `enum values removed: ${listValues(removed)}`,
    });
  }
  if (added.length > 0) {
    const newPointer = partPointer(ne, added);
    const oldPointer =
      ne.parts && newPointer !== ne.pointer ? counterpartPointer(oe, newPointer) : oe.pointer;
    ctx.emit({
      ...base,
      oldPointer,
      newPointer,
      suffix: 'enum-widened',
      what: `enum values added: ${listValues(added)}`,
    });
  }
}

type EnumKeyword = NonNullable<SchemaView['enum']>;

// In a union of enums, the pointer of the one part that holds all the given values (else the union's).
function partPointer(kw: EnumKeyword, values: readonly unknown[]): string {
  const keys = values.map(canonicalJson);
  const part = kw.parts?.find((p) => {
    const own = new Set(p.value.map(canonicalJson));
    return keys.every((k) => own.has(k));
  });
  return part?.pointer ?? kw.pointer;
}

// The same part on the other side: the files usually share their component layout.
function counterpartPointer(kw: EnumKeyword, pointer: string): string {
  return kw.parts?.some((p) => p.pointer === pointer) ? pointer : kw.pointer;
}

function compareStringKeyword(
  ctx: SchemaDiffContext,
  o: SchemaView,
  n: SchemaView,
  field: string,
  keyword: 'pattern' | 'format',
): void {
  const ok = o[keyword];
  const nk = n[keyword];
  if (ok?.value === nk?.value) return;
  if (!ok && nk) {
    ctx.emit({
      suffix: `${keyword}-added`,
      field,
      oldPointer: o.pointer,
      newPointer: nk.pointer,
      after: nk.value,
      what: `${keyword} ${codeSpan(nk.value)} added`,
    });
  } else if (ok && !nk) {
    ctx.emit({
      suffix: `${keyword}-removed`,
      field,
      oldPointer: ok.pointer,
      newPointer: n.pointer,
      before: ok.value,
      what: `${keyword} ${codeSpan(ok.value)} removed`,
    });
  } else if (ok && nk) {
    ctx.emit({
      suffix: `${keyword}-changed`,
      field,
      oldPointer: ok.pointer,
      newPointer: nk.pointer,
      before: ok.value,
      after: nk.value,
      what: `${keyword} ${codeSpan(ok.value)} → ${codeSpan(nk.value)}`,
    });
  }
}

const COUNT_KIND: Readonly<Record<CountKeyword, string>> = {
  minLength: 'min-length',
  maxLength: 'max-length',
  minItems: 'min-items',
  maxItems: 'max-items',
  minProperties: 'min-properties',
  maxProperties: 'max-properties',
};

// A missing min* is 0 and a missing max* is unbounded, so `minLength: 0` appearing is no change.
function compareCount(
  ctx: SchemaDiffContext,
  o: SchemaView,
  n: SchemaView,
  field: string,
  keyword: CountKeyword,
): void {
  const ok = o.counts[keyword];
  const nk = n.counts[keyword];
  const isMin = keyword.startsWith('min');
  const absent = isMin ? 0 : Number.POSITIVE_INFINITY;
  const ov = ok?.value ?? absent;
  const nv = nk?.value ?? absent;
  if (ov === nv) return;
  const up = nv > ov;
  const verb = !ok ? 'added' : !nk ? 'removed' : up ? 'increased' : 'decreased';
  const what = !ok ? `${keyword} ${nv} added` : !nk ? `${keyword} ${ov} removed` : `${keyword} ${ov} → ${nv}`;
  ctx.emit({
    suffix: `${COUNT_KIND[keyword]}-${verb}`,
    field,
    oldPointer: ok?.pointer ?? o.pointer,
    newPointer: nk?.pointer ?? n.pointer,
    ...(ok ? { before: ok.value } : {}),
    ...(nk ? { after: nk.value } : {}),
    what,
  });
}

interface Bound {
  readonly keyword: string;
  readonly value: number;
  readonly exclusive: boolean;
  readonly pointer: string;
}

// The effective lower (or upper) bound from minimum/exclusiveMinimum (3.1 numbers or 3.0 booleans).
function effectiveBound(view: SchemaView, which: 'lower' | 'upper'): Bound | undefined {
  const [inc, exc] =
    which === 'lower'
      ? (['minimum', 'exclusiveMinimum'] as const)
      : (['maximum', 'exclusiveMaximum'] as const);
  const candidates: Bound[] = [];
  const inclusive = view.numeric[inc];
  const exclusive = view.numeric[exc];
  if (inclusive && typeof inclusive.value === 'number') {
    candidates.push({
      keyword: inc,
      value: inclusive.value,
      exclusive: exclusive?.value === true,
      pointer: inclusive.pointer,
    });
  }
  if (exclusive && typeof exclusive.value === 'number') {
    candidates.push({ keyword: exc, value: exclusive.value, exclusive: true, pointer: exclusive.pointer });
  }
  const stricter = (a: Bound, b: Bound): Bound => (compareStrictness(a, b, which) >= 0 ? a : b);
  return candidates.reduce<Bound | undefined>((best, c) => (best ? stricter(best, c) : c), undefined);
}

// > 0 when a admits fewer values than b.
function compareStrictness(a: Bound, b: Bound, which: 'lower' | 'upper'): number {
  const sign = which === 'lower' ? 1 : -1;
  if (a.value !== b.value) return sign * (a.value - b.value);
  return Number(a.exclusive) - Number(b.exclusive);
}

// For integers `exclusiveMinimum: 0` and `minimum: 1` admit the same values.
function normalizeForIntegers(bound: Bound, view: SchemaView, which: 'lower' | 'upper'): Bound {
  const types = view.type?.value;
  const integerOnly = types !== undefined && types.every((t) => t === 'integer' || t === 'null');
  if (!integerOnly) return bound;
  const value =
    which === 'lower'
      ? bound.exclusive
        ? Math.floor(bound.value) + 1
        : Math.ceil(bound.value)
      : bound.exclusive
        ? Math.ceil(bound.value) - 1
        : Math.floor(bound.value);
  return { ...bound, value, exclusive: false };
}

function compareBound(
  ctx: SchemaDiffContext,
  o: SchemaView,
  n: SchemaView,
  field: string,
  which: 'lower' | 'upper',
): void {
  const ob = effectiveBound(o, which);
  const nb = effectiveBound(n, which);
  if (!ob && !nb) return;
  const kind = which === 'lower' ? 'minimum' : 'maximum';
  const show = (b: Bound): string => `${b.keyword} ${b.value}`;
  const base = {
    field,
    oldPointer: ob?.pointer ?? o.pointer,
    newPointer: nb?.pointer ?? n.pointer,
    ...(ob ? { before: { [ob.keyword]: ob.value } } : {}),
    ...(nb ? { after: { [nb.keyword]: nb.value } } : {}),
  };
  if (!ob && nb) {
    ctx.emit({ ...base, suffix: `${kind}-added`, what: `${show(nb)} added` });
    return;
  }
  if (ob && !nb) {
    ctx.emit({ ...base, suffix: `${kind}-removed`, what: `${show(ob)} removed` });
    return;
  }
  if (!ob || !nb) return;
  // The same keyword and value is the same rule: when only the type changed (integer → number), the values
  // the bound admits differ only by what the type change already reports.
  if (ob.keyword === nb.keyword && ob.value === nb.value && ob.exclusive === nb.exclusive) return;
  const cmp = compareStrictness(
    normalizeForIntegers(nb, n, which),
    normalizeForIntegers(ob, o, which),
    which,
  );
  if (cmp === 0) return;
  const tighter = cmp > 0;
  const verb =
    which === 'lower' ? (tighter ? 'increased' : 'decreased') : tighter ? 'decreased' : 'increased';
  ctx.emit({ ...base, suffix: `${kind}-${verb}`, what: `${show(ob)} → ${show(nb)}` });
}

function compareMultipleOf(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  const ok = o.multipleOf;
  const nk = n.multipleOf;
  if (ok?.value === nk?.value) return;
  // The multiples of 4 are multiples of 2: a new multipleOf that the old one divides only tightens.
  const divides = (a: number, b: number): boolean => Number.isInteger(b / a);
  const verb = !ok
    ? 'added'
    : !nk
      ? 'removed'
      : divides(ok.value, nk.value)
        ? 'narrowed'
        : divides(nk.value, ok.value)
          ? 'widened'
          : 'changed';
  ctx.emit({
    suffix: `multiple-of-${verb}`,
    field,
    oldPointer: ok?.pointer ?? o.pointer,
    newPointer: nk?.pointer ?? n.pointer,
    ...(ok ? { before: ok.value } : {}),
    ...(nk ? { after: nk.value } : {}),
    what: `multipleOf ${ok ? String(ok.value) : 'none'} → ${nk ? String(nk.value) : 'none'}`,
  });
}

function compareUniqueItems(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  const ov = o.uniqueItems?.value === true;
  const nv = n.uniqueItems?.value === true;
  if (ov === nv) return;
  ctx.emit({
    suffix: nv ? 'unique-items-added' : 'unique-items-removed',
    field,
    oldPointer: o.uniqueItems?.pointer ?? o.pointer,
    newPointer: n.uniqueItems?.pointer ?? n.pointer,
    before: ov,
    after: nv,
    what: nv ? 'items must now be unique' : 'items need no longer be unique',
  });
}

function compareDefault(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  const od = o.default;
  const nd = n.default;
  if (!od && !nd) return;
  const shown = (value: unknown): string => codeSpan(canonicalJson(value));
  if (!od && nd) {
    ctx.emit({
      suffix: 'default-added',
      field,
      oldPointer: o.pointer,
      newPointer: nd.pointer,
      after: nd.value,
      what: `default ${shown(nd.value)} added`,
    });
    return;
  }
  if (od && !nd) {
    ctx.emit({
      suffix: 'default-removed',
      field,
      oldPointer: od.pointer,
      newPointer: n.pointer,
      before: od.value,
      what: `default ${shown(od.value)} removed`,
    });
    return;
  }
  if (!od || !nd || canonicalJson(od.value) === canonicalJson(nd.value)) return;
  ctx.emit({
    suffix: 'default-changed',
    field,
    oldPointer: od.pointer,
    newPointer: nd.pointer,
    before: od.value,
    after: nd.value,
    what: `default ${shown(od.value)} → ${shown(nd.value)}`,
  });
}

// --- objects -------------------------------------------------------------------------------------

function isClosed(view: SchemaView): boolean {
  return view.additionalProperties?.node === false || view.unevaluatedProperties?.node === false;
}

function join(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}

function compareProperties(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  const names = new Set([
    ...o.properties.keys(),
    ...o.required.keys(),
    ...n.properties.keys(),
    ...n.required.keys(),
  ]);
  const oldClosed = isClosed(o);
  for (const name of names) {
    const child = join(field, name);
    const oldProp = o.properties.get(name);
    const newProp = n.properties.get(name);
    const oldReq = o.required.get(name);
    const newReq = n.required.get(name);
    const inOld = oldProp !== undefined || oldReq !== undefined;
    const inNew = newProp !== undefined || newReq !== undefined;
    if (!inOld && inNew) {
      ctx.emit({
        suffix: newReq ? 'required-property-added' : 'optional-property-added',
        field: child,
        oldPointer: o.pointer,
        newPointer: newProp?.pointer ?? newReq ?? n.pointer,
        what: `${newReq ? 'required' : 'optional'} property added`,
        closedObject: oldClosed,
      });
    } else if (inOld && !inNew) {
      ctx.emit({
        suffix: 'property-removed',
        field: child,
        oldPointer: oldProp?.pointer ?? oldReq ?? o.pointer,
        newPointer: n.pointer,
        what: `${oldReq ? 'required' : 'optional'} property removed`,
        closedObject: isClosed(n),
        wasRequired: oldReq !== undefined,
      });
    } else {
      if (!oldReq && newReq) {
        ctx.emit({
          suffix: 'property-became-required',
          field: child,
          oldPointer: oldProp?.pointer ?? o.pointer,
          newPointer: newReq,
          what: 'property is now required',
        });
      } else if (oldReq && !newReq) {
        ctx.emit({
          suffix: 'property-became-optional',
          field: child,
          oldPointer: oldReq,
          newPointer: newProp?.pointer ?? n.pointer,
          what: 'property is no longer required',
        });
      }
      if (oldProp && newProp) diffSchemas(ctx, oldProp, newProp, child);
    }
  }
}

function compareOpenness(
  ctx: SchemaDiffContext,
  o: SchemaView,
  n: SchemaView,
  field: string,
  keyword: 'additionalProperties' | 'unevaluatedProperties',
): void {
  const ol = o[keyword];
  const nl = n[keyword];
  const oClosed = ol?.node === false;
  const nClosed = nl?.node === false;
  const kind = keyword === 'additionalProperties' ? 'additional-properties' : 'unevaluated-properties';
  if (!oClosed && nClosed) {
    ctx.emit({
      suffix: `${kind}-closed`,
      field,
      oldPointer: ol?.pointer ?? o.pointer,
      newPointer: nl.pointer,
      ...(ol ? { before: ol.node } : {}),
      after: false,
      what: `${keyword}: false added (properties the schema does not name are now rejected)`,
    });
  } else if (oClosed && !nClosed) {
    ctx.emit({
      suffix: `${kind}-opened`,
      field,
      oldPointer: ol.pointer,
      newPointer: nl?.pointer ?? n.pointer,
      before: false,
      ...(nl ? { after: nl.node } : {}),
      what: `${keyword}: false removed (properties the schema does not name are now allowed)`,
    });
  } else if (!oClosed && !nClosed && (isSchemaObject(ol) || isSchemaObject(nl))) {
    diffSchemas(
      ctx,
      ol ?? { node: true, pointer: o.pointer },
      nl ?? { node: true, pointer: n.pointer },
      join(field, '*'),
    );
  }
}

function isSchemaObject(located: Located | undefined): boolean {
  return typeof located?.node === 'object' && located.node !== null;
}

// --- arrays and unions ---------------------------------------------------------------------------

function compareItems(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  if (o.items || n.items) {
    diffSchemas(
      ctx,
      o.items ?? { node: true, pointer: o.pointer },
      n.items ?? { node: true, pointer: n.pointer },
      `${field}[]`,
    );
  }
  const count = Math.max(o.prefixItems.length, n.prefixItems.length);
  for (let i = 0; i < count; i++) {
    diffSchemas(
      ctx,
      o.prefixItems[i] ?? { node: true, pointer: o.pointer },
      n.prefixItems[i] ?? { node: true, pointer: n.pointer },
      `${field}[${i}]`,
    );
  }
}

function compareBranches(ctx: SchemaDiffContext, o: SchemaView, n: SchemaView, field: string): void {
  for (const kind of ['oneOf', 'anyOf'] as const) {
    const oldGroups = o.branches.filter((g) => g.kind === kind);
    const newGroups = n.branches.filter((g) => g.kind === kind);
    const count = Math.max(oldGroups.length, newGroups.length);
    for (let i = 0; i < count; i++) {
      compareBranchGroup(ctx, o, n, field, kind, oldGroups[i], newGroups[i]);
    }
  }
}

function compareBranchGroup(
  ctx: SchemaDiffContext,
  o: SchemaView,
  n: SchemaView,
  field: string,
  kind: 'oneOf' | 'anyOf',
  oldGroup: BranchGroup | undefined,
  newGroup: BranchGroup | undefined,
): void {
  const empty = (pointer: string): BranchGroup => ({ kind, pointer, members: [] });
  const og = oldGroup ?? empty(o.pointer);
  const ng = newGroup ?? empty(n.pointer);
  const prefix = kind === 'oneOf' ? 'one-of' : 'any-of';
  for (const pair of matchBranches(ctx.old, og, ctx.new, ng)) {
    const child = `${field}(${pair.label})`;
    if (pair.old && pair.new) {
      diffSchemas(ctx, pair.old, pair.new, child);
    } else if (pair.new) {
      ctx.emit({
        suffix: `${prefix}-branch-added`,
        field: child,
        oldPointer: og.pointer,
        newPointer: pair.new.pointer,
        after: pair.label,
        what: `${kind} branch ${codeSpan(pair.label)} added`,
      });
    } else if (pair.old) {
      ctx.emit({
        suffix: `${prefix}-branch-removed`,
        field: child,
        oldPointer: pair.old.pointer,
        newPointer: ng.pointer,
        before: pair.label,
        what: `${kind} branch ${codeSpan(pair.label)} removed`,
      });
    }
  }
}
