/**
 * junit.xml for a run that failed before any suite ran (the target unreachable, the token refused, the
 * suites not starting): one test case, `keys-conformance / <step>`, in error with the run's reason. vitest's
 * reporter writes junit.xml only for a run that got to the suites; without this a CI publisher showed the
 * previous run's junit.xml, or nothing, while the job failed.
 */
export function runFailedJunit(step: string, reason: string): string {
  const message = xmlText(reason);
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<testsuites name="keys-conformance" tests="1" failures="0" errors="1" skipped="0" time="0">',
    '    <testsuite name="keys-conformance" timestamp="' +
      new Date().toISOString() +
      '" hostname="" tests="1" failures="0" errors="1" skipped="0" time="0">',
    `        <testcase classname="keys-conformance" name="${xmlText(step)}" time="0">`,
    `            <error message="${message}" type="RunFailed">${message}</error>`,
    '        </testcase>',
    '    </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Escaped for an attribute or text; characters XML 1.0 cannot hold at all (most C0 controls) become U+FFFD. */
function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are the characters XML cannot hold
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/\n/g, '&#10;')
  );
}
