// The Allure HTML report as a person sees it: results from a real (small) vitest run through the real
// harness setup file, the HTML from `keys-conformance report`, opened in headless Chromium. Screenshots
// go to reports/screenshots/ for a human to look at; the assertions read the totals from the page.
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsInReport } from '../../src/report/allure-html.ts';
import { reportCommand } from '../../src/report/report-command.ts';
import {
  CHROMIUM,
  chromiumPresent,
  openInChromium,
  shownCount as shownOn,
  type OpenedReport,
} from './chromium.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = join(ROOT, 'reports', 'screenshots');
if (!chromiumPresent) {
  console.warn(`allure-screenshot: skipped, ${CHROMIUM} is absent (Debian: apt-get install -y chromium)`);
}

// Secrets of this run only: the throwaway suite puts them in the exchanges it records, as a target's
// answers and the client's requests would; what reaches the report must be redacted.
const TOKEN = `tok-${randomBytes(24).toString('hex')}`;
const CREDENTIAL_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

const src = (path: string): string => JSON.stringify(join(ROOT, 'src', path));

/** Six tests over five operations: three pass, two fail on findings (with evidence), one on an assertion. */
const SUITE = `
import { describe, expect, it } from 'vitest';
import { recordFinding, noteOperation } from ${src('harness/recorder.ts')};
import { createRedactor } from ${src('client/redact.ts')};
import { toCurl } from ${src('client/curl.ts')};

const token = process.env.SCREENSHOT_TOKEN ?? '';
const pem = process.env.SCREENSHOT_PEM ?? '';
const redactor = createRedactor();
redactor.register(token);
redactor.register(pem);

function exchange(method, path, requestBody, status, responseBody) {
  return {
    id: 'x-000001',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 12,
    request: {
      method,
      url: 'http://127.0.0.1:41000' + path,
      path,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      ...(requestBody === undefined ? {} : { body: requestBody }),
    },
    response: { status, headers: { 'content-type': 'application/json' }, body: responseBody },
  };
}

function finding(base, raw) {
  recordFinding({ ...base, exchange: redactor.redactExchange(raw), curl: toCurl(raw, { redactor }) });
}

describe('keys', () => {
  it('GetKey: returns the key', () => { noteOperation('GetKey'); expect(1).toBe(1); });
  it('ListKeys: lists the keys', () => { noteOperation('ListKeys'); expect(1).toBe(1); });
  it('CreateKey: creates a key', () => { noteOperation('CreateKey'); expect(1).toBe(1); });
  it('GenerateSignature: returns a low-S ECDSA signature', () => {
    noteOperation('GenerateSignature');
    finding(
      {
        checkId: 'signature_low_s',
        severity: 'critical',
        operationId: 'GenerateSignature',
        pointer: '#/components/schemas/Signature/properties/s',
        subject: 'ECDSA/secp256k1',
        message: 'the signature has a high S (not canonical)',
      },
      exchange('POST', '/keys/key-1/signatures', JSON.stringify({ kind: 'Hash', hash: 'ab'.repeat(32) }), 200,
        JSON.stringify({ id: 'sig-1', status: 'Signed', echo: 'Bearer ' + token })),
    );
  });
  it('ImportKey: rejects a malformed share', () => {
    noteOperation('ImportKey');
    finding(
      {
        checkId: 'status_code_conformance',
        severity: 'high',
        operationId: 'ImportKey',
        pointer: '#/paths/~1keys~1import/post/responses',
        message: 'ImportKey answered 500, the contract documents 400',
      },
      exchange('POST', '/keys/import', JSON.stringify({ credentialKey: pem }), 500, JSON.stringify({ error: pem })),
    );
  });
  it('DeleteKey: deletes the key', () => { noteOperation('DeleteKey'); expect('Active').toBe('Deleted'); });
});
`;

const CONFIG = (resultsDir: string): string => `
export default {
  test: {
    include: ['keys.test.ts'],
    setupFiles: [${src('harness/setup.ts')}],
    reporters: [['allure-vitest/reporter', { resultsDir: ${JSON.stringify(resultsDir)} }]],
  },
};
`;

const run = promisify(execFile);
let work = '';
let indexHtml = '';
let stdout = '';
let browser: OpenedReport | undefined;
let page: Page;
/** Allure statuses as the result files have them: the truth the page must show. */
let expected: Record<string, number> = {};

beforeAll(async () => {
  if (!chromiumPresent) return;
  work = mkdtempSync(join(tmpdir(), 'keys-conformance-allure-'));
  const project = join(work, 'project');
  const reports = join(work, 'reports');
  const results = join(reports, 'allure-results');
  mkdirSync(project, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  writeFileSync(join(project, 'keys.test.ts'), SUITE);
  writeFileSync(join(project, 'vitest.config.mjs'), CONFIG(results));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
  // The throwaway suite fails on purpose (exit 1); the results it leaves are what this test reads.
  await run(
    process.execPath,
    [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.mjs'],
    {
      cwd: project,
      env: { ...env, SCREENSHOT_TOKEN: TOKEN, SCREENSHOT_PEM: CREDENTIAL_PEM },
      timeout: 120_000,
    },
  ).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 1) throw error;
  });
  expected = {};
  for (const file of readdirSync(results).filter((f) => f.endsWith('-result.json'))) {
    const { status } = JSON.parse(readFileSync(join(results, file), 'utf8')) as { status: string };
    expected[status] = (expected[status] ?? 0) + 1;
  }

  const keyFile = join(work, 'credential.pem');
  writeFileSync(keyFile, CREDENTIAL_PEM);
  let stderr = '';
  const code = await reportCommand(['--reports', reports], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { KEYS_API_TOKEN: TOKEN, KEYS_API_CREDENTIAL_KEY: keyFile },
  });
  if (code !== 0) throw new Error(`keys-conformance report exited ${code}: ${stderr}`);
  indexHtml = join(reports, 'allure-report', 'index.html');

  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await openInChromium(indexHtml, work);
  page = browser.page;
  await page.getByTestId('metadata-item-total').waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

const shownCount = (status: string): Promise<number> => shownOn(page, status);

describe.skipIf(!chromiumPresent)('the Allure HTML report in headless Chromium', () => {
  it('holds the results the suite produced: 6 tests, 3 passed, 3 not', () => {
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(total).toBe(6);
    expect(expected.passed).toBe(3);
    expect(stdout).toMatch(
      /^Allure report: 6 tests — 3 passed, \d failed, \d broken, 0 skipped → .*index\.html\n$/,
    );
  });

  it('shows the total and every status count on the overview', async () => {
    await page.screenshot({ path: join(SCREENSHOTS, 'allure-overview.png') });
    expect(await shownCount('total')).toBe(6);
    for (const [status, count] of Object.entries(expected))
      expect(await shownCount(status), status).toBe(count);
  });

  it('groups the tests by operation (the feature label)', async () => {
    const sections = await page.getByTestId('tree-section-title').allInnerTexts();
    expect([...sections].sort()).toEqual([
      'CreateKey',
      'DeleteKey',
      'GenerateSignature',
      'GetKey',
      'ImportKey',
      'ListKeys',
    ]);
  });

  it('shows a failed test with its finding and the request, response and curl attached', async () => {
    // Allure opens the sections of failed operations by itself.
    await page
      .getByTestId('tree-leaf-title')
      .filter({ hasText: 'GenerateSignature: returns a low-S' })
      .click();
    await page.getByTestId('test-result-error-message').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'allure-failed-test.png') });
    // Open the evidence a reader would open: the redacted request and the curl line.
    for (const name of ['finding 1: request', 'finding 1: curl']) {
      await page.getByTestId('test-result-attachment-header').filter({ hasText: name }).click();
    }
    await page.getByText('Bearer $KEYS_API_TOKEN').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'allure-failed-test-evidence.png') });
    expect(await page.getByTestId('test-result-error-message').innerText()).toContain(
      '[critical] signature_low_s GenerateSignature: the signature has a high S (not canonical)',
    );
    const body = await page.locator('body').innerText();
    for (const name of ['signature_low_s', 'request', 'response', 'curl'])
      expect(body).toContain(`finding 1: ${name}`);
    expect(body).toContain('"authorization": "[redacted]"');
    expect(body.includes(TOKEN), 'the token is on the page').toBe(false);
  });

  it('makes no request off the disk (no analytics, no fonts, no CDN)', () => {
    expect(browser?.offDisk).toEqual([]);
  });

  it('holds neither the bearer token nor the credential key', () => {
    const html = readFileSync(indexHtml, 'utf8');
    expect(
      secretsInReport(html, [
        { name: 'token', value: TOKEN },
        { name: 'credential key', value: CREDENTIAL_PEM },
      ]),
    ).toEqual([]);
  });
});
