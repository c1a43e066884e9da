import { describe, expect, it } from 'vitest';
import { beginTest, captureRecords, endTest, recordThrottled } from '../../src/harness/recorder.ts';

describe('throttled calls in the recorder', () => {
  it('a capture that throws still hands its throttled calls to the running test', async () => {
    beginTest({ file: 'test/harness/recorder-throttled.test.ts', name: 'throws' });
    await expect(
      captureRecords((sink) => {
        recordThrottled(sink);
        return Promise.reject(new Error('signing failed'));
      }),
    ).rejects.toThrow('signing failed');
    expect(endTest().throttled).toBe(1);
  });

  it('a capture that returns keeps its throttled calls in its records', async () => {
    beginTest({ file: 'test/harness/recorder-throttled.test.ts', name: 'returns' });
    const { records } = await captureRecords((sink) => {
      recordThrottled(sink);
      return Promise.resolve();
    });
    expect([records.throttled, endTest().throttled]).toEqual([1, 0]);
  });
});
