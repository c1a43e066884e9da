import { canonicalJson } from './canonical-json.ts';
import { isRecord, parsePointer } from './json-pointer.ts';
import { followReferences, isPureReference, type Located, type SpecDocument } from './ref-resolver.ts';
import { schemaView, type BranchGroup } from './schema-view.ts';

/** A branch of OLD and its counterpart in NEW (either may be missing), and the label both go by. */
export interface BranchPair {
  readonly label: string;
  readonly old?: Located;
  readonly new?: Located;
}

/**
 * Pairs the branches of two `oneOf`/`anyOf` lists by identity, never by position: by discriminator value
 * (declared `discriminator`, or a property every branch pins to one value), else by `$ref` target name,
 * else by title, else by a lone `type`, else by content. Reordering branches is therefore no change.
 */
export function matchBranches(
  oldSpec: SpecDocument,
  oldGroup: BranchGroup,
  newSpec: SpecDocument,
  newGroup: BranchGroup,
): BranchPair[] {
  const property =
    oldGroup.discriminator?.propertyName ??
    newGroup.discriminator?.propertyName ??
    commonPinnedProperty(pinnedValues(oldSpec, oldGroup), pinnedValues(newSpec, newGroup));
  const oldLabels = labelMembers(oldSpec, oldGroup, property);
  const newLabels = labelMembers(newSpec, newGroup, property);
  const pairs: BranchPair[] = [];
  for (const [label, old] of oldLabels) pairs.push({ label, old, ...optionalNew(newLabels.get(label)) });
  for (const [label, neu] of newLabels) if (!oldLabels.has(label)) pairs.push({ label, new: neu });
  return pairs;
}

function optionalNew(located: Located | undefined): { new?: Located } {
  return located ? { new: located } : {};
}

function labelMembers(
  spec: SpecDocument,
  group: BranchGroup,
  property: string | undefined,
): Map<string, Located> {
  const labels = new Map<string, Located>();
  for (const member of group.members) {
    const base = memberLabel(spec, group, member, property);
    let label = base;
    for (let n = 2; labels.has(label); n++) label = `${base}#${n}`;
    labels.set(label, member);
  }
  return labels;
}

function memberLabel(
  spec: SpecDocument,
  group: BranchGroup,
  member: Located,
  property: string | undefined,
): string {
  if (property !== undefined) {
    const value = discriminatorValue(spec, group, member, property);
    if (value !== undefined) return `${property}=${value}`;
  }
  if (isPureReference(member.node)) {
    const tokens = parsePointer(member.node.$ref);
    const name = tokens?.[tokens.length - 1];
    if (name !== undefined) return name;
  }
  const { node } = followReferences(spec, member);
  if (isRecord(node)) {
    if (typeof node.title === 'string') return node.title;
    const keys = Object.keys(node).filter((k) => k !== 'description');
    if (keys.length === 1 && typeof node.type === 'string') return `type:${node.type}`;
  }
  return canonicalJson(node);
}

function discriminatorValue(
  spec: SpecDocument,
  group: BranchGroup,
  member: Located,
  property: string,
): string | undefined {
  const ref = isPureReference(member.node) ? member.node.$ref : undefined;
  if (ref !== undefined && group.discriminator) {
    for (const [value, target] of group.discriminator.mapping) if (target === ref) return value;
  }
  const pinned = pinnedValue(spec, member, property);
  if (pinned !== undefined) return pinned;
  // OpenAPI's implicit mapping: without an explicit entry the value is the component's name.
  if (ref !== undefined && group.discriminator) return parsePointer(ref)?.at(-1);
  return undefined;
}

// The value a branch pins a property to (`const`, or an enum of one), as text.
function pinnedValue(spec: SpecDocument, member: Located, property: string): string | undefined {
  const prop = schemaView(spec, member).properties.get(property);
  if (!prop) return undefined;
  const values = schemaView(spec, prop).enum?.value;
  if (values?.length !== 1) return undefined;
  const value = values[0];
  return typeof value === 'string' ? value : canonicalJson(value);
}

function pinnedValues(spec: SpecDocument, group: BranchGroup): Map<string, string>[] {
  return group.members.map((member) => {
    const pinned = new Map<string, string>();
    for (const name of schemaView(spec, member).properties.keys()) {
      const value = pinnedValue(spec, member, name);
      if (value !== undefined) pinned.set(name, value);
    }
    return pinned;
  });
}

// A property that every branch (of both versions) pins, with distinct values within each version, is
// a discriminator in all but name (JSON Schema 2020-12 specs often omit the OpenAPI keyword).
function commonPinnedProperty(...groups: readonly (readonly Map<string, string>[])[]): string | undefined {
  const members = groups.flat();
  if (members.length === 0) return undefined;
  const distinctIn = (group: readonly Map<string, string>[], name: string): boolean =>
    new Set(group.map((m) => m.get(name))).size === group.length;
  return [...members[0]!.keys()]
    .filter((name) => members.every((m) => m.has(name)) && groups.every((g) => distinctIn(g, name)))
    .sort()[0];
}
