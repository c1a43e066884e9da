import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listPages } from '../../src/harness/list-pages.ts';
import { beginTest, endTest } from '../../src/harness/recorder.ts';
import { referenceHarness, type ReferenceHarness } from '../fuzz/reference-harness.ts';

/**
 * listPages bounds a walk by pages and by time: a target with many keys behind a slow link must end the walk
 * early (reachedEnd false), not time the test out.
 */
let ref: ReferenceHarness;

beforeAll(async () => {
  ref = await referenceHarness();
  for (let i = 0; i < 3; i += 1) {
    await ref.h.call('CreateKey', {
      body: { scheme: 'ECDSA', curve: 'secp256k1', name: ref.h.keyName(`p${i}`) },
    });
  }
});
afterAll(async () => {
  await ref.close();
});
beforeEach(() => {
  beginTest({ file: 'test/harness/list-pages.test.ts', name: 'listPages' });
});
afterEach(() => {
  endTest();
});

describe('listPages', () => {
  it('ListKeys: walks every page to the end within its bounds', async () => {
    const walk = await listPages(ref.h, 'ListKeys', { query: { limit: 1 }, maxPages: 10 });
    expect([walk.pages.length, walk.reachedEnd, walk.stoppedBy]).toEqual([3, true, undefined]);
  });

  it('ListKeys: stops at maxPages without reaching the end, and says so', async () => {
    const walk = await listPages(ref.h, 'ListKeys', { query: { limit: 1 }, maxPages: 2 });
    expect([walk.pages.length, walk.reachedEnd, walk.stoppedBy]).toEqual([2, false, 'maxPages']);
  });

  it('ListKeys: stops after the first page once maxMs has passed, without reaching the end, and says so', async () => {
    const walk = await listPages(ref.h, 'ListKeys', { query: { limit: 1 }, maxPages: 10, maxMs: 0 });
    expect([walk.pages.length, walk.reachedEnd, walk.stoppedBy]).toEqual([1, false, 'maxMs']);
  });
});
