import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPresent, openInChromium, shownCount, type OpenedReport } from '../report/chromium.ts';
import { ROOT, runCli, type CliResult } from './run-cli.ts';

/**
 * The Allure report of a real conformance run, as a person opens it: the contract suite against a
 * reference that answers CreateKey with an undocumented 201, rendered by `keys-conformance report`,
 * opened in headless Chromium. The page must show the run's own totals — its failed tests as failed
 * (the target's fault), not broken (the suite's) — grouped by operation, with the finding's evidence.
 */
const SCREENSHOTS = join(ROOT, 'reports', 'screenshots');

describe.skipIf(!chromiumPresent)('the Allure report of a run against a faulty reference', () => {
  let work = '';
  let result: CliResult;
  let report: CliResult;
  let opened: OpenedReport | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kc-allure-run-'));
    result = await runCli(['run', '--suite', 'contract', '--reference-fault', 'create-key-201'], {
      reportsDir: join(work, 'reports'),
    });
    report = await runCli(['report', '--reports', result.reportsDir]);
    opened = await openInChromium(join(result.reportsDir, 'allure-report', 'index.html'), work);
    await opened.page.getByTestId('metadata-item-total').waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await opened?.close();
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('comes from a nonconformant run and renders', () => {
    expect(result.code).toBe(1);
    expect(report.code, report.stderr).toBe(0);
  });

  it('shows the run’s totals: every test, and its failed tests as failed', async () => {
    const page = opened!.page;
    await page.screenshot({ path: join(SCREENSHOTS, 'allure-real-run-overview.png') });
    const tests = result.report!.counts.tests;
    expect(await shownCount(page, 'total')).toBe(
      tests.passed + tests.failed + tests['not-applicable'] + tests.skipped,
    );
    expect(await shownCount(page, 'passed')).toBe(tests.passed);
    expect(await shownCount(page, 'failed')).toBe(tests.failed);
  });

  it('groups the tests by the operation they are about', async () => {
    const sections = await opened!.page.getByTestId('tree-section-title').allInnerTexts();
    expect(sections).toEqual(
      expect.arrayContaining(['CreateKey', 'GetKey', 'ListKeys', 'UpdateKey', 'DeleteKey']),
    );
    expect(sections).not.toContain('CreateUserActionChallenge');
  });

  it('shows a failed CreateKey test with the undocumented 201 and its curl line', async () => {
    const page = opened!.page;
    await page
      .getByTestId('tree-leaf-title')
      .filter({ hasText: 'CreateKey: creates an Active custodial ECDSA/secp256k1 key' })
      .click();
    await page.getByTestId('test-result-error-message').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'allure-real-run-failed-test.png') });
    expect(await page.getByTestId('test-result-error-message').innerText()).toMatch(
      /\[high\] status_code_documented: CreateKey: status 201 is not documented/,
    );
    const body = await opened!.page.locator('body').innerText();
    expect(body).toContain('finding 1: curl');
  });

  it('holds the same tests as findings.json, none broken', () => {
    const results = join(result.reportsDir, 'allure-results');
    const statuses = readdirSync(results)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => (JSON.parse(readFileSync(join(results, f), 'utf8')) as { status: string }).status);
    expect(statuses).not.toContain('broken');
    expect(statuses).toHaveLength(result.report!.tests.length);
  });

  it('records no global error for the tests its findings failed (the report lists them once, as tests)', () => {
    const results = join(result.reportsDir, 'allure-results');
    expect(result.report!.counts.tests.failed).toBeGreaterThan(0);
    expect(readdirSync(results).filter((f) => f.endsWith('-globals.json'))).toEqual([]);
  });
});
