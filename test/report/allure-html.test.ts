import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64 } from '@scure/base';
import { afterAll, describe, expect, it } from 'vitest';
import { reportTexts, secretsInReport, withoutAnalytics } from '../../src/report/allure-html.ts';
import { reportCommand } from '../../src/report/report-command.ts';

const TOKEN = 'tok-0123456789abcdef0123456789abcdef';
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();
const PEM_LINE = PEM.split('\n')[1]!;

const b64 = (text: string): string => base64.encode(new TextEncoder().encode(text));
/** A single-file Allure report: the app, then every data file embedded base64 through d(name, value). */
const report = (...payloads: string[]): string =>
  `<html><body><div id="app"></div><script defer>Promise.allSettled([${payloads
    .map((p, i) => `d("data/attachments/${i}.txt","${b64(p)}")`)
    .join(',')}])</script></body></html>`;

// The analytics block of the Allure 3.18 awesome template, as generated.
const ANALYTICS = `    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-LNDJ3J7WT0', {
          "report": "awesome",
          "allureVersion": "3.18.0",
          "reportUuid": "5ffd7f4b-ea01-4823-a56f-b316bc452db9",
          "single_file": "true"
        });
    </script>
`;

describe('withoutAnalytics', () => {
  const page = `<body>\n    <div id="app"></div>\n${ANALYTICS}    <script async>window.allureReportData = {};</script>\n</body>`;

  it('removes the Google Analytics loader and its config', () => {
    const cleaned = withoutAnalytics(page);
    expect(cleaned).not.toContain('googletagmanager');
    expect(cleaned).not.toContain('gtag(');
  });

  it('keeps the scripts of the report itself', () => {
    expect(withoutAnalytics(page)).toBe(
      '<body>\n    <div id="app"></div>\n    <script async>window.allureReportData = {};</script>\n</body>',
    );
  });

  it('leaves a page without analytics as it is', () => {
    const plain = '<body><script>var a = 1;</script></body>';
    expect(withoutAnalytics(plain)).toBe(plain);
  });
});

describe('reportTexts', () => {
  it('decodes every embedded payload, after the HTML itself', () => {
    const html = report('curl -H "Authorization: Bearer $KEYS_API_TOKEN"', '{"status":400}');
    expect(reportTexts(html)).toEqual([
      html,
      'curl -H "Authorization: Bearer $KEYS_API_TOKEN"',
      '{"status":400}',
    ]);
  });
});

describe('secretsInReport', () => {
  const secrets = [
    { name: 'token', value: TOKEN },
    { name: 'credential key', value: PEM },
  ];

  it.each([
    ['the token in an embedded attachment', report(`{"authorization":"Bearer ${TOKEN}"}`), ['token']],
    ['the token in the HTML itself', `<p>${TOKEN}</p>${report('x')}`, ['token']],
    ['the PEM in a JSON-escaped attachment', report(JSON.stringify({ body: PEM })), ['credential key']],
    ['one line of the PEM body', report(`key material: ${PEM_LINE}`), ['credential key']],
    ['both', report(TOKEN, PEM), ['token', 'credential key']],
    ['redacted evidence', report('{"authorization":"[redacted]"}', 'Bearer $KEYS_API_TOKEN'), []],
  ])('finds %s', (_name, html, found) => {
    expect(secretsInReport(html, secrets)).toEqual(found);
  });

  it('ignores secrets too short to tell from chance', () => {
    expect(secretsInReport(report('abc'), [{ name: 'short', value: 'abc' }])).toEqual([]);
  });
});

describe('keys-conformance report: bad input exits 2 with one line on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-conformance-report-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  mkdirSync(join(dir, 'empty', 'allure-results'), { recursive: true });
  writeFileSync(join(dir, 'file'), 'x');
  const GOOD = '11111111-1111-4111-8111-111111111111-result.json';
  const BAD = '22222222-2222-4222-8222-222222222222-result.json';
  const resultDirs: readonly (readonly [string, Readonly<Record<string, string | Uint8Array>>])[] = [
    ['truncated', { [BAD]: '{"uuid": "2222' }],
    ['binary', { [BAD]: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]) }],
    ['not-an-object', { [BAD]: '[]' }],
    ['one-bad-of-two', { [GOOD]: '{"uuid": "1111", "status": "passed"}', [BAD]: '{' }],
  ];
  for (const [name, files] of resultDirs) {
    mkdirSync(join(dir, name, 'allure-results'), { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      writeFileSync(join(dir, name, 'allure-results', file), content);
    }
  }

  async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
    let stdout = '';
    let stderr = '';
    const code = await reportCommand(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env,
    });
    return { code, stdout, stderr };
  }

  it.each([
    [
      'a reports directory without results',
      ['--reports', join(dir, 'nowhere')],
      'cannot read (ENOENT); expected the allure-results/ directory a run writes',
    ],
    [
      'results without any test',
      ['--reports', join(dir, 'empty')],
      'no Allure results in it (expected *-result.json files written by a run)',
    ],
    ...['truncated', 'binary', 'not-an-object', 'one-bad-of-two'].map((name): [string, string[], string] => [
      `a result file that is ${name.replaceAll('-', ' ')}`,
      ['--reports', join(dir, name)],
      `${join(dir, name, 'allure-results', BAD)}: not an Allure result (`,
    ]),
    ['a positional argument', [join(dir, 'empty')], 'the reports directory goes after --reports'],
    ['an empty --output', ['--output', ''], '--output needs a value'],
    ['an unknown option', ['--open'], "unknown option '--open'"],
  ])('%s', async (_name, argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.startsWith('keys-conformance report: ')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reads the reports directory from KEYS_CONFORMANCE_REPORTS, as `run` does', async () => {
    const r = await run([], { KEYS_CONFORMANCE_REPORTS: join(dir, 'empty') });
    expect(r.stderr).toContain(join(dir, 'empty', 'allure-results'));
  });

  it('prints usage with --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: keys-conformance report/);
  });
});

describe('keys-conformance report: generating', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-conformance-report-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** allure-results/ with one test and one text attachment, as allure-vitest writes them. */
  function results(name: string, attachment: string): string {
    const reports = join(dir, name);
    const at = join(reports, 'allure-results');
    mkdirSync(at, { recursive: true });
    writeFileSync(join(at, '11111111-1111-4111-8111-111111111111-attachment.txt'), attachment);
    writeFileSync(
      join(at, '22222222-2222-4222-8222-222222222222-result.json'),
      JSON.stringify({
        uuid: '22222222-2222-4222-8222-222222222222',
        historyId: 'h1',
        name: 'GetKey: returns the key',
        fullName: 'keys.test.ts#GetKey: returns the key',
        status: 'failed',
        stage: 'finished',
        start: 1_700_000_000_000,
        stop: 1_700_000_000_010,
        labels: [{ name: 'feature', value: 'GetKey' }],
        attachments: [
          {
            name: 'finding 1: curl',
            source: '11111111-1111-4111-8111-111111111111-attachment.txt',
            type: 'text/plain',
          },
        ],
        steps: [],
        parameters: [],
        links: [],
      }),
    );
    return reports;
  }

  async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
    let stdout = '';
    let stderr = '';
    const code = await reportCommand(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env,
    });
    return { code, stdout, stderr };
  }

  it('writes one index.html under <reports>/allure-report and prints the totals', async () => {
    const reports = results('clean', 'curl -H "Authorization: Bearer $KEYS_API_TOKEN"');
    const r = await run(['--reports', reports], { KEYS_API_TOKEN: TOKEN });
    expect(r).toEqual({
      code: 0,
      stdout: `Allure report: 1 test — 0 passed, 1 failed, 0 broken, 0 skipped → ${join(reports, 'allure-report', 'index.html')}\n`,
      stderr: '',
    });
    expect(readdirSync(join(reports, 'allure-report')).sort()).toEqual([
      'index.html',
      'summary.json',
      'test-results.json',
    ]);
  });

  it('leaves what else is in --output alone (Allure itself would flatten a lone subdirectory)', async () => {
    const reports = results('shared-output', 'x');
    const output = join(dir, 'shared');
    mkdirSync(join(output, 'keep', 'inner'), { recursive: true });
    writeFileSync(join(output, 'keep', 'inner', 'file.txt'), 'mine');
    expect((await run(['--reports', reports, '--output', output])).code).toBe(0);
    expect(readdirSync(join(output, 'keep', 'inner'))).toEqual(['file.txt']);
  });

  it('deletes a report that holds the token and exits 2, naming the variable', async () => {
    const reports = results('leaky', `curl -H "Authorization: Bearer ${TOKEN}"`);
    const r = await run(['--reports', reports], { KEYS_API_TOKEN: TOKEN });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'keys-conformance report: the generated report contained the value of KEYS_API_TOKEN; it was deleted (a redaction bug: please report it)\n',
    );
    expect(existsSync(join(reports, 'allure-report', 'index.html'))).toBe(false);
    expect(r.stderr).not.toContain(TOKEN);
  });

  it('deletes a report that holds a line of the credential key file', async () => {
    const reports = results('leaky-key', `{"privateKey":"${PEM_LINE}"}`);
    const keyFile = join(dir, 'credential.pem');
    writeFileSync(keyFile, PEM);
    const r = await run(['--reports', reports], { KEYS_API_CREDENTIAL_KEY: keyFile });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the credential key (KEYS_API_CREDENTIAL_KEY)');
  });
});
