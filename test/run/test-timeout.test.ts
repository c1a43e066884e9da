import { describe, expect, it } from 'vitest';
import { effectiveTestTimeoutMs } from '../../src/run/run-settings.ts';

describe('effectiveTestTimeoutMs', () => {
  it.each([
    [120_000, 60_000, 120_000],
    [30_000, 70_000, 130_000],
    [300_000, 60_000, 300_000],
    [120_000, 300_000, 360_000],
  ])('--test-timeout %i ms with a %i ms fuzz budget gives a test %i ms', (testTimeout, budget, effective) => {
    expect(effectiveTestTimeoutMs(testTimeout, budget)).toBe(effective);
  });
});
