import { isAuthRefusal } from '../checks/check.ts';
import type { Harness } from '../harness/harness.ts';
import { captureRecords, type CapturedRecords } from '../harness/recorder.ts';
import type { Exchange } from '../client/exchange.ts';
import type { Finding } from '../report/finding.ts';
import type { ReplayInput } from './replay-input.ts';
import { newWorld, runLifecycleStep } from './replay-lifecycle.ts';
import {
  judgeFuzzRequest,
  placeholdersOf,
  resolveRequest,
  secretFields,
  sendFuzzRequest,
  type RequestReplayInput,
} from './replay-request.ts';
import { bindResources, freshChallenge, replaySecrets, type BoundResources } from './replay-resources.ts';
import { ReplayInputError } from './replay-input.ts';

/**
 * Runs a replay input against a target through a harness: first the resources its placeholders need
 * (captured apart: a failure there is not the finding's), then the input itself, judged by the same checks
 * as in the run. A lifecycle input is its sequence of steps against a fresh model.
 */
export interface ReplayRun {
  /** What preparing the resources recorded. */
  readonly setup: CapturedRecords;
  /** What the replayed input recorded. */
  readonly input: CapturedRecords;
  /**
   * What the target refused at authentication (401/403): the replayed request, or the first step of a
   * sequence that was, with its line of the sequence's log.
   */
  readonly refusedAtAuth?: { readonly exchange: Exchange; readonly step?: string };
}

const EMPTY: CapturedRecords = {
  findings: [],
  droppedFindings: 0,
  tallies: [],
  operationIds: [],
  answers: [],
  throttled: 0,
};

function jsonOf(input: RequestReplayInput): unknown {
  const body = input.body;
  if (body === undefined) return undefined;
  if ('json' in body) return body.json;
  try {
    return JSON.parse(body.raw) as unknown;
  } catch {
    return undefined;
  }
}

async function replayRequest(h: Harness, input: RequestReplayInput): Promise<ReplayRun> {
  if (!h.contract.operations.some((o) => o.operationId === input.operationId)) {
    throw new ReplayInputError(
      `replay input .operationId: the contract has no operation ${input.operationId}`,
    );
  }
  const placeholders = placeholdersOf(input);
  const secrets = secretFields(input);
  const needsKey = placeholders.has('keyId') || placeholders.has('signatureId');
  if (needsKey && input.key === undefined) {
    throw new ReplayInputError('replay input .key: missing, but the input refers to {keyId}');
  }
  const prepared = await captureRecords(async (sink) => {
    const recording = h.within(sink);
    const bound: BoundResources = await bindResources(
      recording,
      {
        ...(needsKey && input.key !== undefined ? { key: input.key } : {}),
        signature: placeholders.has('signatureId'),
        endUserId: placeholders.has('endUserId'),
        encryptionKey: placeholders.has('encryptionKey'),
        signers: [...placeholders].some((p) => p.startsWith('signerId:')) || secrets.has('encryptedKeyShare'),
      },
      'replay',
    );
    const challenge = secrets.has('challengeIdentifier') ? await freshChallenge(recording) : undefined;
    return resolveRequest(
      input,
      bound.bindings,
      replaySecrets(recording, jsonOf(input), bound, () => challenge),
    );
  });
  const sent = await captureRecords(async (sink) => {
    const recording = h.within(sink);
    const exchange = await sendFuzzRequest(recording, prepared.value);
    judgeFuzzRequest(recording, prepared.value, exchange);
    return exchange;
  });
  return {
    setup: prepared.records,
    input: sent.records,
    ...(isAuthRefusal(sent.value.response?.status) ? { refusedAtAuth: { exchange: sent.value } } : {}),
  };
}

/** Runs the input; throws ReplayInputError for an input this target cannot be asked (and PreconditionError). */
export async function runReplayInput(h: Harness, input: ReplayInput): Promise<ReplayRun> {
  if (input.kind === 'request') return replayRequest(h, input);
  const world = newWorld();
  const ran = await captureRecords(async (sink) => {
    const recording = h.within(sink);
    for (const step of input.steps) await runLifecycleStep(recording, world, step);
  });
  return {
    setup: EMPTY,
    input: ran.records,
    ...(world.refusedAtAuth === undefined ? {} : { refusedAtAuth: world.refusedAtAuth }),
  };
}

/** The findings of a replay that repeat the original: the same check, on the same operation when it named one. */
export function repeated(original: Finding, records: CapturedRecords): Finding[] {
  return records.findings.filter(
    (f) =>
      f.checkId === original.checkId &&
      (original.operationId === undefined || f.operationId === original.operationId),
  );
}
