/**
 * From the point of view of an existing client and an existing server that both implemented OLD:
 * `breaking-client` = some OLD client may now fail against a NEW server;
 * `breaking-server` = some OLD server no longer conforms to NEW (it rejects valid requests, accepts requests
 * NEW forbids, sends responses NEW forbids, or lacks an operation); `non-breaking` = neither. A change that
 * breaks both has the class of the clients it breaks and `alsoBreaksServers`.
 */
export type ChangeClass = 'breaking-client' | 'breaking-server' | 'non-breaking';

export const CHANGE_CLASSES: readonly ChangeClass[] = ['breaking-client', 'breaking-server', 'non-breaking'];

/** Who writes the value: the client (request) or the server (response). Decides the class of a schema change. */
export type Side = 'request' | 'response';

/** One difference between the two contracts, classified, with pointers into both files. */
export interface DiffChange {
  /** Stable kebab-case kind, e.g. `request-optional-property-added` (see src/diff/README.md). */
  readonly id: string;
  readonly class: ChangeClass;
  /**
   * A breaking-client change that old servers fail too: NEW forbids requests they still accept (a tightened
   * request rule, a new required property or parameter, …). Counted and listed under both classes.
   */
  readonly alsoBreaksServers?: true;
  /** The operationId in NEW, or in OLD when the operation was removed. */
  readonly operationId?: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path template in NEW, or in OLD when the operation was removed. */
  readonly path: string;
  /** `operation`, `security`, `request.body`, `request.query`, `request.path`, `response.200`, `response.200.body`, … */
  readonly location: string;
  /** Where inside the body or parameter, e.g. `deriveFrom.path`, `items[].id`, `(kind=Hash).hash`. */
  readonly field?: string;
  /** JSON pointer into OLD: the rule compared, or the schema that lacks what NEW added. */
  readonly oldPointer?: string;
  /** JSON pointer into NEW: the rule compared, or the schema that lacks what OLD had. */
  readonly newPointer?: string;
  /** The value in OLD of what was compared (a keyword's value, a status code, scheme names). */
  readonly before?: unknown;
  /** The value in NEW of what was compared. */
  readonly after?: unknown;
  /** One line: what changed and why it has this class. */
  readonly message: string;
}

/** Which file and which `info.version` one side of the diff came from. */
export interface ContractSide {
  readonly source: string;
  readonly version: string;
}

export interface DiffSummary {
  readonly breakingClient: number;
  readonly breakingServer: number;
  readonly nonBreaking: number;
}

/** The result of a diff, as written by `--format json` (schema: docs/diff-report.schema.json). */
export interface DiffReport {
  readonly old: ContractSide;
  readonly new: ContractSide;
  readonly summary: DiffSummary;
  readonly changes: readonly DiffChange[];
}

/** Whether a change is of class `c`, or breaks servers as well as clients when `c` is breaking-server. */
export function breaks(change: DiffChange, c: ChangeClass): boolean {
  return change.class === c || (c === 'breaking-server' && change.alsoBreaksServers === true);
}

/** Counts changes by class; a change that breaks both sides counts in both. */
export function summarize(changes: readonly DiffChange[]): DiffSummary {
  const count = (c: ChangeClass): number => changes.filter((change) => breaks(change, c)).length;
  return {
    breakingClient: count('breaking-client'),
    breakingServer: count('breaking-server'),
    nonBreaking: count('non-breaking'),
  };
}
