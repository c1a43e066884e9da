import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { flagValues } from '../../src/config/config-schema.ts';
import { resolveSetting, type ConfigSources } from '../../src/config/setting.ts';
import { resolveRunSettings } from '../../src/run/command.ts';
import {
  reportsSetting,
  selectedFileCount,
  shardSetting,
  suitesSetting,
  SUITES,
  timeBudgetSetting,
  seedSetting,
} from '../../src/run/run-settings.ts';

function fromFlag(flag: string, value: string): ConfigSources {
  return { flags: { [flag]: value }, env: {}, cwd: '/tmp' };
}

describe('run settings', () => {
  it('reads a comma-separated suite list without duplicates', async () => {
    const resolved = await resolveSetting(suitesSetting, fromFlag('suite', 'contract, auth,contract'));
    expect(resolved?.value).toEqual(['contract', 'auth']);
  });

  it('reads a repeated --suite as one list', async () => {
    const flags = flagValues({ suite: ['fuzz', 'crypto/nonces,contract', 'fuzz'] }, [suitesSetting]);
    const resolved = await resolveSetting(suitesSetting, { flags, env: {}, cwd: '/tmp' });
    expect(resolved?.value).toEqual(['fuzz', 'crypto/nonces', 'contract']);
  });

  it('reads one file of a suite', async () => {
    const resolved = await resolveSetting(suitesSetting, fromFlag('suite', 'crypto/nonces,contract'));
    expect(resolved?.value).toEqual(['crypto/nonces', 'contract']);
  });

  it('refuses a file the suite does not have', async () => {
    await expect(resolveSetting(suitesSetting, fromFlag('suite', 'crypto/teleport'))).rejects.toThrow(
      /--suite: "crypto\/teleport" names no known suite/,
    );
  });

  it('names the known suites when given an unknown one', async () => {
    await expect(resolveSetting(suitesSetting, fromFlag('suite', 'contract,smoke'))).rejects.toThrow(
      /--suite: "contract,smoke" names no known suite; expected a comma-separated list of contract, negative/,
    );
  });

  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['2m', 120_000],
    ['500ms', 500],
  ])('reads the time budget %s as %i ms', async (text, ms) => {
    expect((await resolveSetting(timeBudgetSetting, fromFlag('time-budget', text)))?.value).toBe(ms);
  });

  it.each(['0', '-1', 'soon', '5h'])('rejects the time budget %s', async (text) => {
    await expect(resolveSetting(timeBudgetSetting, fromFlag('time-budget', text))).rejects.toThrow(
      /--time-budget: .* is not a duration/,
    );
  });

  it.each(['1/3', '3/3'])('accepts the shard %s', async (text) => {
    expect((await resolveSetting(shardSetting, fromFlag('shard', text)))?.value).toBe(text);
  });

  it.each(['0/3', '4/3', '1', 'a/b'])('rejects the shard %s', async (text) => {
    await expect(resolveSetting(shardSetting, fromFlag('shard', text))).rejects.toThrow(
      /--shard: .* is not a shard i\/n/,
    );
  });

  it('rejects a seed past 32 bits, which fast-check would silently cut', async () => {
    await expect(resolveSetting(seedSetting, fromFlag('seed', '99999999999'))).rejects.toThrow(
      /--seed: "99999999999" is not a 32-bit seed \(from -2147483648 to 2147483647\)/,
    );
    expect((await resolveSetting(seedSetting, fromFlag('seed', '2147483647')))?.value).toBe(2147483647);
  });

  it('rejects a seed that is not an integer', async () => {
    await expect(resolveSetting(seedSetting, fromFlag('seed', '1.5'))).rejects.toThrow(
      /--seed: "1.5" is not an integer seed/,
    );
  });
});

describe('shards of the selected suite files', () => {
  it('one file of a suite is one file', () => {
    expect(selectedFileCount(['crypto/nonces'])).toBe(1);
  });

  it('a file named beside its whole suite is counted once', () => {
    expect(selectedFileCount(['crypto/nonces', 'crypto'])).toBe(selectedFileCount(['crypto']));
  });

  it('no selection is every suite', () => {
    const each = SUITES.map((suite) => selectedFileCount([suite]));
    expect(each.every((count) => count > 0)).toBe(true);
    expect(selectedFileCount([])).toBe(each.reduce((a, b) => a + b, 0));
  });

  it('run: more shards than selected files is refused before anything starts, in one line', async () => {
    const files = selectedFileCount(['contract']);
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.map(String).join(' '));
    });
    try {
      expect(await main(['run', '--suite', 'contract', '--shard', `1/${files + 1}`])).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(errors).toEqual([
      `keys-conformance run: --shard: "1/${files + 1}" splits ${files} suite files (contract) into ${files + 1} shards; use at most ${files}`,
    ]);
  });
});

describe('how many inputs a fuzz property keeps in flight', () => {
  it.each<[string, Record<string, string>, number]>([
    ['4 by default', {}, 4],
    ['--concurrency alone, which bounds the fuzzer too', { concurrency: '2' }, 2],
    ['--fuzz-concurrency over --concurrency', { concurrency: '2', 'fuzz-concurrency': '3' }, 3],
  ])('%s', async (_what, flags, expected) => {
    expect((await resolveRunSettings(flags)).run.fuzz.concurrency).toBe(expected);
  });
});

describe('the reports directory', () => {
  it('a file where the reports should go is refused up front, naming the setting', async () => {
    const file = fileURLToPath(import.meta.url);
    await expect(resolveSetting(reportsSetting, fromFlag('reports', file))).rejects.toThrow(
      `--reports: ${JSON.stringify(file)} is a file; expected a directory for the reports`,
    );
  });

  it('a directory that does not exist yet is accepted (the run makes it)', async () => {
    const dir = join(tmpdir(), 'keys-conformance-reports-not-yet');
    expect((await resolveSetting(reportsSetting, fromFlag('reports', dir)))?.value).toBe(dir);
  });
});
