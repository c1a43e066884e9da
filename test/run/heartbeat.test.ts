import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHeartbeat,
  formatElapsed,
  type CaseLike,
  type Heartbeat,
  type ModuleLike,
} from '../../src/run/heartbeat.ts';

/**
 * The run's heartbeat, driven through its vitest reporter hooks with a fake clock: what it prints after a
 * silence, and when it keeps quiet.
 */

const ROOT = '/repo';

function fakeCase(file: string, name: string, state = 'passed', mode: 'run' | 'skip' = 'run'): CaseLike {
  return {
    fullName: name,
    module: { moduleId: `${ROOT}/${file}` },
    options: { mode },
    result: () => ({ state }),
  };
}

function fakeModule(file: string, cases: readonly CaseLike[]): ModuleLike {
  return { moduleId: `${ROOT}/${file}`, children: { allTests: () => cases.values() } };
}

let clock = 0;
let lines: string[] = [];
let beat: Heartbeat | undefined;

function start(intervalMs = 30_000): Heartbeat {
  clock = 1_000_000;
  lines = [];
  beat = createHeartbeat({
    intervalMs,
    root: ROOT,
    print: (line) => lines.push(line),
    now: () => clock,
    checkEveryMs: 60_000_000,
  });
  beat.reporter.onTestRunStart();
  return beat;
}

afterEach(() => {
  beat?.stop();
  beat = undefined;
  vi.useRealTimers();
});

const FILE = 'suites/fuzz/bodies.test.ts';
const create = fakeCase(FILE, 'CreateKey: fuzzed valid bodies');
const imported = fakeCase(FILE, 'ImportKey: fuzzed valid bodies', 'failed');
const leftOut = fakeCase(FILE, 'ListKeys: left out by --grep', 'skipped', 'skip');
const update = fakeCase(FILE, 'UpdateKey: fuzzed valid bodies');
const fuzzCases = [create, imported, leftOut, update];

describe('run heartbeat', () => {
  it('says nothing while the silence is shorter than the interval', () => {
    const h = start();
    clock += 29_999;
    h.tick();
    expect(lines).toEqual([]);
  });

  it('after a silence of the interval, names each running file, its count and the test under way', () => {
    const h = start();
    const r = h.reporter;
    r.onTestModuleCollected(fakeModule(FILE, fuzzCases));
    r.onTestCaseReady(create);
    clock += 5_000;
    r.onTestCaseResult(create);
    r.onTestCaseReady(imported);
    r.onTestCaseResult(imported);
    r.onTestCaseReady(update);
    clock += 61_000;
    h.tick();
    expect(lines).toEqual([
      '  … 1m06s: 2 tests done (1 failed); running:',
      '      suites/fuzz/bodies.test.ts: 2 of 3 done, now "UpdateKey: fuzzed valid bodies" for 1m01s',
    ]);
  });

  it('counts failures as the report will, when told how (a test a 429 stopped is not a failure there)', () => {
    clock = 1_000_000;
    lines = [];
    const h = createHeartbeat({
      intervalMs: 30_000,
      root: ROOT,
      print: (line) => lines.push(line),
      now: () => clock,
      checkEveryMs: 60_000_000,
      failedSoFar: () => 0,
    });
    beat = h;
    h.reporter.onTestRunStart();
    h.reporter.onTestModuleCollected(fakeModule(FILE, fuzzCases));
    h.reporter.onTestCaseResult(imported);
    clock += 31_000;
    h.tick();
    expect(lines[0]).toBe('  … 31s: 1 test done; running:');
  });

  it('does not count tests left out by a name filter', () => {
    const h = start();
    const r = h.reporter;
    r.onTestModuleCollected(fakeModule(FILE, fuzzCases));
    r.onTestCaseResult(leftOut);
    clock += 30_000;
    h.tick();
    expect(lines[0]).toBe('  … 30s: 0 tests done; running:');
    expect(lines[1]).toBe('      suites/fuzz/bodies.test.ts: 0 of 3 done');
  });

  it('counts the silence again from the last progress line, its own included', () => {
    const h = start();
    clock += 20_000;
    h.progress('  ✓ suites/contract/keys.test.ts  24 passed');
    clock += 20_000;
    h.tick();
    expect(lines).toHaveLength(1);
    clock += 10_000;
    h.tick();
    expect(lines).toHaveLength(2);
    clock += 29_000;
    h.tick();
    expect(lines).toHaveLength(2);
  });

  it('forgets a file once it ends', () => {
    const h = start();
    const module = fakeModule(FILE, fuzzCases);
    h.reporter.onTestModuleCollected(module);
    h.reporter.onTestModuleEnd(module);
    clock += 30_000;
    h.tick();
    expect(lines).toEqual(['  … 30s: 0 tests done; starting the next file']);
  });

  it('says nothing before the run starts', () => {
    clock = 0;
    lines = [];
    beat = createHeartbeat({
      intervalMs: 1000,
      root: ROOT,
      print: (line) => lines.push(line),
      now: () => clock,
    });
    clock += 60_000;
    beat.tick();
    expect(lines).toEqual([]);
  });

  it('beats on its own timer while the run lasts, and stops when it ends', () => {
    vi.useFakeTimers();
    lines = [];
    beat = createHeartbeat({ intervalMs: 1000, root: ROOT, print: (line) => lines.push(line) });
    beat.reporter.onTestRunStart();
    vi.advanceTimersByTime(1000);
    expect(lines).toEqual(['  … 1s: 0 tests done; starting the next file']);
    beat.reporter.onTestRunEnd();
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(1);
  });
});

describe('run heartbeat timer', () => {
  it('a second run start replaces the timer, so ending the run silences it', () => {
    vi.useFakeTimers();
    lines = [];
    beat = createHeartbeat({ intervalMs: 1000, root: ROOT, print: (line) => lines.push(line) });
    beat.reporter.onTestRunStart();
    beat.reporter.onTestRunStart();
    beat.reporter.onTestRunEnd();
    vi.advanceTimersByTime(10_000);
    expect(lines).toEqual([]);
  });
});

describe('formatElapsed', () => {
  it.for([
    [0, '0s'],
    [42_999, '42s'],
    [60_000, '1m00s'],
    [185_000, '3m05s'],
    [3_720_000, '1h02m'],
  ] as const)('%i ms reads %s', ([ms, text]) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
