import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginTest, endTest } from '../../src/harness/recorder.ts';
import { RUN_DEFAULTS } from '../../src/run/run-settings.ts';
import { fuzzProperty } from '../../suites/fuzz/fuzz-property.ts';
import { prepareSubject, requestFuzzCase, validBodyRequests } from '../../suites/fuzz/subjects.ts';
import { referenceHarness } from './reference-harness.ts';

/**
 * The rare valid input (create-key-zwj-name-500: a 500 for a name of exactly 100 characters that holds a
 * zero-width joiner) is found by CreateKey's positive fuzz property within the default budget for every
 * seed tried, and shrunk to its minimal form; the clean reference gives the same seeds no finding.
 */
const SEEDS = [1, 2, 3, 4, 5];

beforeEach(() => {
  beginTest({ file: 'test/fuzz/rare-input.test.ts', name: 'rare input' });
});
afterEach(() => {
  endTest();
});

describe('CreateKey: fuzzed valid bodies, default budget', () => {
  it.for(SEEDS)(
    'seed %i: finds the 500 and shrinks it to a 100-character name with one U+200D',
    async (seed, context) => {
      const { h, close } = await referenceHarness(['create-key-zwj-name-500'], { seed });
      try {
        const subject = await prepareSubject(h, context, 'CreateKey');
        const outcome = await fuzzProperty(validBodyRequests(h, subject), requestFuzzCase(h), h.fuzz);
        expect(outcome.failure?.firstFailingRun).toBeLessThan(RUN_DEFAULTS.runs);
        const finding = endTest().findings.find((f) => f.checkId === 'not_a_server_error');
        const input = finding?.replay?.input as { body?: { json?: Record<string, unknown> } } | undefined;
        const body = input?.body?.json ?? {};
        const name = String(body.name);
        expect(Object.keys(body).sort()).toEqual(['curve', 'name', 'scheme']);
        expect(Array.from(name)).toHaveLength(100);
        expect(name.split('\u200d')).toHaveLength(2);
      } finally {
        await close();
      }
    },
  );

  it.for(SEEDS)('seed %i: finds nothing on the clean reference', async (seed, context) => {
    const { h, close } = await referenceHarness([], { seed });
    try {
      const subject = await prepareSubject(h, context, 'CreateKey');
      const outcome = await fuzzProperty(validBodyRequests(h, subject), requestFuzzCase(h), h.fuzz);
      expect(outcome.judged).toBe(RUN_DEFAULTS.runs);
      expect(endTest().findings).toEqual([]);
    } finally {
      await close();
    }
  });
});
