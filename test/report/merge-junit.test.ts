import { describe, expect, it } from 'vitest';
import { mergeJunit } from '../../src/report/merge-junit.ts';
import { MergeInputError } from '../../src/report/merge-reports.ts';

// As vitest's JUnit reporter writes it (see src/run/run.ts): one <testsuite> per suite file.
const shard = (file: string, tests: number, failures: number, time: string): string =>
  `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="keys-conformance" tests="${tests}" failures="${failures}" errors="0" time="${time}">
    <testsuite name="${file}" timestamp="2026-01-01T00:00:00.000Z" hostname="ci" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${time}">
        <testcase classname="${file}" name="GetKey: returns the key &gt; &quot;x&quot;" time="0.01">
        </testcase>${failures > 0 ? `\n        <testcase classname="${file}" name="CreateKey: creates a key" time="0.02">\n            <failure message="1 finding:&#10;[high] status_code_conformance" type="Error">\nError: 1 finding\n            </failure>\n        </testcase>` : ''}
    </testsuite>
</testsuites>
`;

const one = { source: 'a/junit.xml', xml: shard('suites/contract/keys.test.ts', 2, 1, '0.5') };
const two = { source: 'b/junit.xml', xml: shard('suites/crypto/signatures.test.ts', 1, 0, '0.25') };

const rootOf = (xml: string): string => /<testsuites [^>]*>/.exec(xml)?.[0] ?? '';

describe('mergeJunit', () => {
  it('sums the totals of the roots', () => {
    expect(rootOf(mergeJunit([one, two]))).toBe(
      '<testsuites name="keys-conformance" tests="3" failures="1" errors="0" time="0.75">',
    );
  });

  it('keeps every <testsuite> of every input, byte for byte', () => {
    const merged = mergeJunit([one, two]);
    for (const input of [one, two]) {
      const suite = /<testsuite [\s\S]*<\/testsuite>/.exec(input.xml)?.[0] ?? 'missing';
      expect(merged).toContain(suite);
    }
  });

  it('keeps the order of the inputs', () => {
    const merged = mergeJunit([two, one]);
    expect(merged.indexOf('suites/crypto/')).toBeLessThan(merged.indexOf('suites/contract/'));
  });

  it('writes one XML document with one root', () => {
    const merged = mergeJunit([one, two]);
    expect(merged.match(/<\?xml/g)).toHaveLength(1);
    expect(merged.match(/<testsuites\b/g)).toHaveLength(1);
    expect(merged.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('takes an empty run (a self-closing root) as zero tests', () => {
    const empty = {
      source: 'e',
      xml: '<?xml version="1.0"?>\n<testsuites name="keys-conformance" tests="0" failures="0" errors="0" time="0"/>\n',
    };
    expect(rootOf(mergeJunit([one, empty]))).toBe(
      '<testsuites name="keys-conformance" tests="2" failures="1" errors="0" time="0.5">',
    );
  });

  it('takes a lone <testsuite> root as one suite', () => {
    const lone = {
      source: 'l',
      xml: '<testsuite name="x.test.ts" tests="4" failures="2" skipped="1" time="1"><testcase name="t"/></testsuite>',
    };
    const merged = mergeJunit([one, lone]);
    expect(rootOf(merged)).toBe(
      '<testsuites name="keys-conformance" tests="6" failures="3" errors="0" skipped="1" time="1.5">',
    );
    expect(merged).toContain('<testsuite name="x.test.ts"');
  });

  it.each([
    ['not XML at all', 'hello', 'a: not JUnit XML: expected a <testsuites> or <testsuite> root element'],
    ['an unclosed root', '<testsuites tests="1">', 'a: not JUnit XML: <testsuites> is not closed'],
    [
      'a count that is not one',
      '<testsuites tests="many"></testsuites>',
      'a: not JUnit XML: tests="many" is not a count',
    ],
  ])('refuses %s, naming the file', (_name, xml, message) => {
    expect(() => mergeJunit([{ source: 'a', xml }])).toThrow(MergeInputError);
    expect(() => mergeJunit([{ source: 'a', xml }])).toThrow(message);
  });
});
