import { AssertionError } from 'node:assert';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, inject, type TestContext } from 'vitest';
import * as allure from 'allure-js-commons';
import type { Finding } from '../report/finding.ts';
import { scrubValue } from '../client/redact.ts';
import { requestsSettled, workerRedactor } from './harness.ts';
import { beginTest, endTest } from './recorder.ts';
import { describeFindings } from './describe-findings.ts';
import { operationOfTest } from '../run/test-operation.ts';
import type { RunContext } from '../run/test-meta.ts';

/**
 * The vitest setup file of the conformance run. Around every test: open a fresh finding sink; after
 * it, hand the findings and check tallies to the run through task meta, attach each finding's evidence
 * to the Allure result, and fail the test when it has findings — so a test passes exactly when the
 * target did nothing wrong during it, whether or not the test itself remembered to look.
 */
// Named as the run's collector names tests (root-relative file, name without the file), so a finding
// and its test record always agree.
const root = fileURLToPath(new URL('../../', import.meta.url));

beforeEach((context) => {
  beginTest({
    file: relative(root, context.task.file.filepath),
    name: context.task.fullTestName,
  });
  // Not an afterEach hook: allure-vitest reports every failed hook as a global error besides the test,
  // so each test its findings failed was listed twice in the Allure report.
  context.onTestFinished(() => finishTest(context));
});

async function finishTest(context: TestContext): Promise<void> {
  scrubErrors(context);
  const meta = endTest();
  context.task.meta.keysConformance = meta;
  const operationId = operationOfTest(context.task.name, meta.operationIds);
  if (operationId !== undefined) await allure.feature(operationId);
  for (const [i, finding] of meta.findings.entries()) await attachEvidence(i + 1, finding);
  const total = meta.findings.length + meta.droppedFindings;
  // An assertion failure (not a plain Error): reports such as Allure then count the test as failed, the
  // target's fault, rather than broken, the suite's.
  if (total > 0) throw new AssertionError({ message: describeFindings(meta.findings, total, knownPrints()) });
}

/**
 * A test that stops on its own error words it from what the target sent (`publicKey … is not a point`), and
 * a hostile target can send the bearer token there. The error reaches junit.xml, Allure and findings.json
 * (`test_aborted`) from here, so its strings are scrubbed before vitest reports it.
 */
function scrubErrors(context: TestContext): void {
  const redactor = workerRedactor();
  const result = context.task.result;
  if (redactor === undefined || result?.errors === undefined) return;
  result.errors = result.errors.map((error) => scrubValue(error, redactor));
}

// A file ends only when its requests have: after Ctrl-C the worker stops at the end of the file, and a
// key created by a request still under way would otherwise never reach the cleanup ledger. The wait stays
// under the hook timeout (vitest.config.ts), which would otherwise fail the file.
const SETTLE_MS = 100_000;
afterAll(() => requestsSettled(SETTLE_MS));

async function attachEvidence(n: number, finding: Finding): Promise<void> {
  const { exchange, curl, ...rest } = finding;
  await allure.attachment(`finding ${n}: ${finding.checkId}`, JSON.stringify(rest, null, 2), {
    contentType: 'application/json',
  });
  if (exchange !== undefined) {
    await allure.attachment(`finding ${n}: request`, JSON.stringify(exchange.request, null, 2), {
      contentType: 'application/json',
    });
    if (exchange.response !== undefined) {
      await allure.attachment(`finding ${n}: response`, JSON.stringify(exchange.response, null, 2), {
        contentType: 'application/json',
      });
    }
  }
  if (curl !== undefined) await allure.attachment(`finding ${n}: curl`, curl, { contentType: 'text/plain' });
}

let known: ReadonlySet<string> | undefined;
function knownPrints(): ReadonlySet<string> {
  // Tests of the reports run this setup file without a run behind them, so nothing is provided.
  known ??= new Set((inject('keysConformance') as RunContext | undefined)?.knownFingerprints ?? []);
  return known;
}
