import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { minimumNode, nodeVersionProblem } from '../../bin/node-version.js';

/** bin/keys-conformance.js refuses, in one line, a Node.js older than package.json's engines allow. */
describe('the CLI on an older Node.js', () => {
  const MINIMUM = [20, 19, 0];

  it.each([
    ['20.19.0', true],
    ['20.20.2', true],
    ['21.0.0', true],
    ['22.12.0', true],
    ['20.18.3', false],
    // Compared as numbers: 9 < 19 although "9" > "19" as text.
    ['20.9.0', false],
    ['18.20.4', false],
  ])('Node.js %s can run it: %s', (version, ok) => {
    const problem = nodeVersionProblem(version, MINIMUM);
    expect(problem).toBe(
      ok ? undefined : `keys-conformance needs Node.js >= 20.19.0; this is Node.js ${version}`,
    );
  });

  it("the minimum is package.json's engines.node", () => {
    const { engines } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      engines: { node: string };
    };
    expect(`>=${minimumNode().slice(0, 2).join('.')}`).toBe(engines.node);
  });

  it('the Node.js running the tests can run it', () => {
    expect(nodeVersionProblem(process.versions.node)).toBeUndefined();
  });
});
