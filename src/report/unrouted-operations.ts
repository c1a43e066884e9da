import type { Capability } from '../run/profile.ts';
import type { CheckTally } from './run-report.ts';

/**
 * A target that does not implement an operation shows it as several findings of different checks (valid
 * input refused, a missing user action answered with the wrong status, …) and as tests that pass for the
 * wrong reason (a 404 for a key that does not exist). One line naming the cause reads better than each of
 * them: an operation no call of which succeeded, whose every answer was a status a server gives a path it
 * does not route, while the suite sent it input the contract says must be accepted.
 */

/** How often the target answered one operation with one status, over a test or a run. */
export interface AnswerCount {
  readonly operationId: string;
  readonly status: number;
  readonly count: number;
}

export interface UnroutedOperation {
  readonly operationId: string;
  /** The calls that reached routing: answers other than 401 and 429. */
  readonly calls: number;
  /** Those answers by status, e.g. `{ "404": 57 }`. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The profile capability that leaves the operation out, where one does. */
  readonly capability?: Capability;
}

/** Unknown path, method not allowed, not implemented. */
const UNROUTED = new Set([404, 405, 501]);
// Authentication and pacing come before routing: a 401 or a 429 says nothing about the operation.
const BEFORE_ROUTING = new Set([401, 429]);

const CAPABILITY_OF: Readonly<Record<string, Capability>> = {
  ImportKey: 'import',
  ExportKey: 'export',
  DelegateKey: 'delegation',
  DeriveKey: 'derive',
};

/** Answer counts by operation and status, each summed in place: a test's running tally, or a run's. */
export type AnswerTally = Map<string, { operationId: string; status: number; count: number }>;

/** Adds `answers` to `tally`, summing those that name the same operation and status. */
export function addAnswers(tally: AnswerTally, answers: Iterable<AnswerCount>): void {
  for (const a of answers) {
    const key = `${a.operationId}\u0000${a.status}`;
    const seen = tally.get(key);
    if (seen === undefined) tally.set(key, { ...a });
    else seen.count += a.count;
  }
}

/** Sums answer counts that name the same operation and status. */
export function mergeAnswers(answers: Iterable<AnswerCount>): AnswerCount[] {
  const merged: AnswerTally = new Map();
  addAnswers(merged, answers);
  return [...merged.values()].sort(
    (a, b) => a.operationId.localeCompare(b.operationId) || a.status - b.status,
  );
}

/**
 * The operations that look unimplemented: answered at least once after routing, never with 2xx, only with
 * 404, 405 or 501, and refused valid input at least once (a positive_data_accepted failure). The last
 * condition keeps out a run that only asked for what must be refused (`--grep 'answers 404'`).
 */
export function unroutedOperations(
  answers: readonly AnswerCount[],
  tallies: readonly CheckTally[],
): UnroutedOperation[] {
  const refusedValid = new Set(
    tallies.filter((t) => t.checkId === 'positive_data_accepted' && t.failed > 0).map((t) => t.operationId),
  );
  const byOperation = new Map<string, AnswerCount[]>();
  for (const a of mergeAnswers(answers)) {
    if (BEFORE_ROUTING.has(a.status)) continue;
    const list = byOperation.get(a.operationId) ?? [];
    list.push(a);
    byOperation.set(a.operationId, list);
  }
  const found: UnroutedOperation[] = [];
  for (const [operationId, list] of byOperation) {
    if (!refusedValid.has(operationId) || !list.every((a) => UNROUTED.has(a.status))) continue;
    const capability = CAPABILITY_OF[operationId];
    found.push({
      operationId,
      calls: list.reduce((sum, a) => sum + a.count, 0),
      statuses: Object.fromEntries(list.map((a) => [String(a.status), a.count])),
      ...(capability === undefined ? {} : { capability }),
    });
  }
  return found.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/** One sentence per operation, for summary.md and the run's reason. */
export function unroutedSentence(op: UnroutedOperation, code: (text: string) => string = (t) => t): string {
  const statuses = Object.entries(op.statuses)
    .map(([status, n]) => (Object.keys(op.statuses).length === 1 ? status : `${status} (${n})`))
    .join(', ');
  const every = op.calls === 1 ? 'its one call was answered' : `all ${op.calls} of its calls were answered`;
  const advice =
    op.capability === undefined
      ? 'its other findings likely follow from this'
      : `its other findings likely follow from this; if the target does not offer it, set ${code(`capabilities.${op.capability}: false`)} in the profile and its tests are reported not applicable`;
  return `${code(op.operationId)} looks unimplemented: ${every} ${statuses}, as a server answers a path it does not route, valid input included; ${advice}.`;
}

/** The clause the run's one-line reason gains: which operations, and what came back instead. */
export function unroutedReason(ops: readonly UnroutedOperation[]): string {
  const statuses = [...new Set(ops.flatMap((op) => Object.keys(op.statuses)))].sort();
  const calls = ops.reduce((sum, op) => sum + op.calls, 0);
  const names = ops.map((op) => op.operationId).join(', ');
  return `${names} ${ops.length === 1 ? 'looks' : 'look'} unimplemented: ${calls === 1 ? 'the one call' : `all ${calls} calls`} answered ${statuses.join(' or ')}, none succeeded (summary.md)`;
}

/** Operations unrouted in every part that exercised them (merged shards): an operation answered elsewhere is not. */
export function mergeUnrouted(
  parts: readonly {
    readonly unrouted?: readonly UnroutedOperation[];
    readonly unexercised: readonly string[];
  }[],
): UnroutedOperation[] {
  const candidates = new Map<string, UnroutedOperation>();
  for (const part of parts) {
    for (const op of part.unrouted ?? []) {
      const seen = candidates.get(op.operationId);
      if (seen === undefined) {
        candidates.set(op.operationId, op);
        continue;
      }
      const statuses: Record<string, number> = { ...seen.statuses };
      for (const [s, n] of Object.entries(op.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
      candidates.set(op.operationId, { ...seen, calls: seen.calls + op.calls, statuses });
    }
  }
  return [...candidates.values()]
    .filter((op) =>
      parts.every(
        (p) =>
          (p.unrouted ?? []).some((u) => u.operationId === op.operationId) ||
          p.unexercised.includes(op.operationId),
      ),
    )
    .sort((a, b) => a.operationId.localeCompare(b.operationId));
}
