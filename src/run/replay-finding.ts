import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, ReplayInfo } from '../report/finding.ts';
import { fingerprint } from '../report/fingerprint.ts';
import { FindingsFileError, readFindingsReport } from '../report/findings-file.ts';
import { CHECK_IDS } from '../checks/check-ids.ts';

/**
 * Which finding `keys-conformance replay` reruns: `FILE#FINGERPRINT` or `RUN_DIR#FINGERPRINT` (a findings.json
 * or the run directory holding it), or a JSON file holding one finding (or a findings.json with exactly one
 * replayable finding). Only findings of generated inputs carry what a replay needs (`replay`).
 */
export interface ReplayableFinding extends Finding {
  readonly replay: ReplayInfo;
  readonly fingerprint: string;
}

export class ReplayReferenceError extends Error {
  override readonly name = 'ReplayReferenceError';
}

function replayable<F extends Finding>(finding: F): finding is F & { readonly replay: ReplayInfo } {
  return finding.replay !== undefined;
}

function isReport(data: unknown): boolean {
  return data !== null && typeof data === 'object' && 'format' in data && 'findings' in data;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReplayReferenceError(
      `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ReplayReferenceError(`${file}: not JSON`);
  }
}

/** The command that reruns the fixed test a finding came from, when the finding names it. */
function rerunHint(finding: Finding): string {
  const test = finding.test;
  const suite = test === undefined ? undefined : /^suites\/(.+)\.test\.ts$/.exec(test.file)?.[1];
  if (test === undefined || suite === undefined) return '';
  const pattern = test.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `: keys-conformance run --suite ${suite} --grep '${pattern.replace(/'/g, "'\\''")}'`;
}

/**
 * The finding, when its check is one this version runs: a replay judges the answer by that check alone, so
 * an unknown one would "pass" every input it was given.
 */
function knownCheck<F extends Finding>(finding: F, file: string): F {
  if (!(CHECK_IDS as readonly string[]).includes(finding.checkId)) {
    throw new ReplayReferenceError(
      `${file}: the finding's check ${JSON.stringify(finding.checkId)} is not one this version of keys-conformance runs`,
    );
  }
  return finding;
}

/** A single finding as `findings.json` lists it, or as a user cut it out of one. */
function singleFinding(data: unknown, file: string): ReplayableFinding {
  const f = data as Partial<Record<keyof Finding, unknown>> | null;
  const replay = f?.replay as Partial<ReplayInfo> | null | undefined;
  if (f === null || typeof f !== 'object' || typeof f.checkId !== 'string' || typeof f.message !== 'string') {
    throw new ReplayReferenceError(
      `${file}: not a finding (expected an object with checkId and message, or a findings.json)`,
    );
  }
  if (replay === undefined || replay === null || typeof replay !== 'object' || replay.input === undefined) {
    throw new ReplayReferenceError(
      `${file}: the finding has no replay input; only findings of the fuzz and stateful suites can be replayed`,
    );
  }
  if (typeof replay.seed !== 'number' || typeof replay.path !== 'string') {
    throw new ReplayReferenceError(`${file}: replay must hold a numeric seed and a string path`);
  }
  const finding = data as Finding & { replay: ReplayInfo };
  return knownCheck({ ...finding, fingerprint: fingerprint(finding) }, file);
}

/** Resolves a reference to one replayable finding; throws ReplayReferenceError with a one-line reason. */
export function loadReplayFinding(reference: string): ReplayableFinding {
  const hash = reference.lastIndexOf('#');
  const where = hash < 0 ? reference : reference.slice(0, hash);
  const wanted = hash < 0 ? undefined : reference.slice(hash + 1).toLowerCase();
  if (wanted !== undefined && !/^[0-9a-f]{16}$/.test(wanted)) {
    throw new ReplayReferenceError(
      `"${reference.slice(hash + 1)}" is not a fingerprint (16 hex digits, as findings.json lists them)`,
    );
  }
  let file = where;
  try {
    if (statSync(where).isDirectory()) file = join(where, 'findings.json');
  } catch (error) {
    throw new ReplayReferenceError(
      `${where}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const data = readJson(file);
  if (!isReport(data)) {
    if (wanted !== undefined) {
      throw new ReplayReferenceError(`${file}: not a findings.json, so #${wanted} names nothing in it`);
    }
    return singleFinding(data, file);
  }
  let report;
  try {
    report = readFindingsReport(file);
  } catch (error) {
    if (error instanceof FindingsFileError) throw new ReplayReferenceError(error.message);
    throw error;
  }
  const candidates = report.findings.filter(replayable);
  if (wanted !== undefined) {
    const found = report.findings.find((f) => f.fingerprint === wanted);
    if (found === undefined) throw new ReplayReferenceError(`${file}: no finding with fingerprint ${wanted}`);
    if (!replayable(found)) {
      throw new ReplayReferenceError(
        `${file}#${wanted}: ${found.checkId} came from a fixed test, not a generated input; rerun its test instead${rerunHint(found)}`,
      );
    }
    return knownCheck(found, file);
  }
  if (candidates.length === 0) {
    throw new ReplayReferenceError(
      `${file} holds no replayable finding (only findings of the fuzz and stateful suites carry a replay input)`,
    );
  }
  if (candidates.length !== 1) {
    const examples = candidates
      .slice(0, 3)
      .map((f) => `${file}#${f.fingerprint}`)
      .join(', ');
    throw new ReplayReferenceError(
      `${file} holds ${candidates.length} replayable findings; name one as FILE#FINGERPRINT${examples === '' ? '' : ` (e.g. ${examples})`}`,
    );
  }
  const [only] = candidates;
  if (only === undefined) throw new ReplayReferenceError(`${file} holds no replayable finding`);
  return knownCheck(only, file);
}
