import { describe, expect, it } from 'vitest';
import { runFailedJunit } from '../../src/report/run-failed-junit.ts';

/** junit.xml of a run that stopped before its suites (src/report/run-failed-junit.ts). */
describe('runFailedJunit', () => {
  it('holds one test case in error, named after the step, with the reason as its message', () => {
    const xml = runFailedJunit(
      'preflight',
      'target unreachable: GET http://127.0.0.1:1/keys?limit=1: ECONNREFUSED',
    );
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8" \?>\n<testsuites [^>]*tests="1" failures="0" errors="1"/,
    );
    expect(xml).toContain(
      '<testcase classname="keys-conformance" name="preflight" time="0">\n            <error message="target unreachable: GET http://127.0.0.1:1/keys?limit=1: ECONNREFUSED" type="RunFailed">',
    );
  });

  it("escapes a target's text: markup, quotes and ampersands stay text", () => {
    const xml = runFailedJunit('preflight', 'answered "<html>" & </error></testcase>');
    expect(xml).toContain(
      'message="answered &quot;&lt;html&gt;&quot; &amp; &lt;/error&gt;&lt;/testcase&gt;"',
    );
    expect(xml.match(/<\/testcase>/g)).toHaveLength(1);
  });

  it('replaces what XML 1.0 cannot hold (NUL, escape, lone surrogates) and keeps a surrogate pair', () => {
    const xml = runFailedJunit('preflight', 'a\u0000b\u001bc\ud800d\udc00e\ud83d\ude00');
    expect(xml).toContain('message="a\ufffdb\ufffdc\ufffdd\ufffde\ud83d\ude00"');
  });

  it('keeps a reason of several lines in one attribute', () => {
    expect(runFailedJunit('suites', 'one\ntwo')).toContain('message="one&#10;two"');
  });
});
