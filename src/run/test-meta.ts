import type {} from 'vitest';
import type { TransportOptions } from '../client/client-options-from-config.ts';
import type { Finding } from '../report/finding.ts';
import type { CheckTally } from '../report/run-report.ts';
import type { AnswerCount } from '../report/unrouted-operations.ts';

/**
 * What a suite test hands back to the run through vitest's task meta (serialized from the worker to the
 * main process): its findings, how often each named check ran on each operation, and which operations
 * it exercised.
 */
export interface TestMeta {
  readonly findings: readonly Finding[];
  /** Findings past the per-test cap are counted, not carried (a fuzz test can find thousands). */
  readonly droppedFindings: number;
  readonly tallies: readonly CheckTally[];
  readonly operationIds: readonly string[];
  /** How the target answered each operation the test called, by status. */
  readonly answers?: readonly AnswerCount[];
  /**
   * Calls the target still answered 429 with Retry-After after the client's retries: what they were to
   * test went unjudged, so the run cannot give a verdict on the target (src/run/verdict.ts).
   */
  readonly throttled: number;
  /** The test's fuzz property stopped at --time-budget: inputs judged of --runs. */
  readonly budgetCut?: { readonly judged: number; readonly runs: number };
}

declare module 'vitest' {
  interface TaskMeta {
    keysConformance?: TestMeta;
  }
}

/** What the run hands every worker through vitest's `provide`; it holds secrets and never leaves memory. */
export interface RunContext {
  readonly runId: string;
  readonly baseUrl: string;
  readonly token: string;
  readonly credentialId: string;
  readonly credentialKeyPem: string;
  readonly contractFile: string;
  /**
   * The contract document as JSON text: the main process parsed the YAML once; workers JSON.parse it,
   * which is an order of magnitude faster than parsing the YAML again in every worker.
   */
  readonly contractJson: string;
  readonly profileName: string;
  /** The resolved profile, serialized (functions do not cross the worker boundary). */
  readonly profileJson: string;
  readonly ledgerFile: string;
  /** Timeouts, connections, body cap, rate-limit pacing, clientData: as the settings say. */
  readonly transport: TransportOptions;
  readonly fuzz: {
    readonly runs: number;
    readonly seed: number;
    readonly timeBudgetMs: number;
    readonly concurrency: number;
  };
  /** Fingerprints the run's baseline knows (`--baseline`): a test's failure message marks them known. */
  readonly knownFingerprints?: readonly string[];
}

declare module 'vitest' {
  interface ProvidedContext {
    keysConformance: RunContext;
  }
}
