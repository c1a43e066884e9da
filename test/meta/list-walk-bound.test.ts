import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import type { TestRecord } from '../../src/report/run-report.ts';
import { createTestKey, referenceClient, targetEnv } from '../helpers/reference-client.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * The ListKeys walks against a target holding more keys than the profile lets a test page through (a
 * staging organisation with years of archived keys): a walk that maxListPages cuts short must not pass
 * what it never reached, and must still report what it saw on the pages it read.
 */

/** Keys the target holds before the run: with limit=1 (or 2) the walks need more than MAX_PAGES pages. */
const HELD_KEYS = 12;
const MAX_PAGES = 3;
const WALKS = 'walking pages';

async function heldReference(faults: readonly string[]): Promise<ReferenceHandle> {
  const reference = await startReference({ quiet: true, faults });
  const client = referenceClient(reference);
  try {
    for (let i = 0; i < HELD_KEYS; i += 1) await createTestKey(client, `held by the organisation ${i}`);
  } finally {
    await client.close();
  }
  return reference;
}

interface WalkRun {
  readonly result: CliResult;
  readonly walks: readonly TestRecord[];
}

/** The ListKeys walks, run against a reference holding HELD_KEYS keys, with this profile file (or the default). */
async function walkRun(faults: readonly string[], profileYaml?: string): Promise<WalkRun> {
  const reference = await heldReference(faults);
  try {
    const profile: string[] = [];
    if (profileYaml !== undefined) {
      const file = join(scratchDir('kc-walk-'), 'profile.yaml');
      writeFileSync(file, profileYaml);
      profile.push('--profile', file);
    }
    const result = await runCli(['run', '--suite', 'contract/keys', '--grep', WALKS, ...profile], {
      env: targetEnv(reference),
    });
    const walks = (result.report?.tests ?? []).filter((t) => t.name.includes(WALKS));
    return { result, walks };
  } finally {
    await reference.close();
  }
}

const SHORT_PROFILE = `extends: full\nmaxListPages: ${MAX_PAGES}\n`;
let dropped: WalkRun;
let repeated: WalkRun;
let clean: WalkRun;

beforeAll(async () => {
  [dropped, repeated, clean] = await Promise.all([
    walkRun(['pagination-drops-item'], SHORT_PROFILE),
    walkRun(['pagination-repeats-item'], SHORT_PROFILE),
    walkRun([]),
  ]);
}, 150_000);

describe('ListKeys walks cut short by maxListPages', () => {
  it('ListKeys: a walk that stops at maxListPages is not tested, never passed, and the run fails', () => {
    const note = `not tested: the walk stopped after ${MAX_PAGES} pages (maxListPages) before the end of the list; raise maxListPages in the profile, use a target with fewer keys, or leave pagination out (capabilities: { pagination: false })`;
    expect(dropped.walks.map((t) => [t.state, t.note])).toEqual([
      ['skipped', note],
      ['skipped', note],
    ]);
    expect([dropped.result.code, dropped.result.report?.verdict]).toEqual([2, 'run-failed']);
    expect(dropped.result.stdout).toMatch(/^RUN FAILED: 2 tests not tested: the walk stopped after 3 pages/m);
  });

  it('ListKeys: a walk that stops at maxListPages still reports a key it saw twice', () => {
    // The fault shows on pages of 2 or more: the limit=2 walk sees it within its 3 pages. (The limit=1 walk
    // is not tested, so the run as a whole fails rather than being judged.)
    expect(repeated.walks.map((t) => [t.name.match(/limit=\d/)?.[0], t.state])).toEqual([
      ['limit=1', 'skipped'],
      ['limit=2', 'failed'],
    ]);
    expect(repeated.result.report?.findings.map((f) => [f.checkId, f.message])).toContainEqual([
      'pagination_consistent',
      expect.stringMatching(/appears on page \d and again on page \d/),
    ]);
  });
});

describe('ListKeys walks at the default profile', () => {
  it('ListKeys: the clean reference passes both walks to the end, with no finding', () => {
    expect(clean.walks.map((t) => t.state)).toEqual(['passed', 'passed']);
    expect([clean.result.code, clean.result.report?.findings]).toEqual([0, []]);
  });
});
