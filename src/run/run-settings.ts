import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidSetting, type SettingLocation, type SettingSpec } from '../config/setting.ts';
import { durationMs, positiveInteger } from '../config/parsers.ts';
import { TARGET_SETTINGS } from '../config/target-settings.ts';
import { BUILTIN_PROFILES } from './profile.ts';

/**
 * The settings of a conformance run beyond how to reach the target: which suites, which profile, where
 * reports go, the baseline, the contract version, and the fuzzing budget. Each is one SettingSpec, so it
 * can come from a flag, the environment or the config file like the target settings.
 */

export const SUITES = ['contract', 'negative', 'auth', 'idempotency', 'crypto', 'fuzz', 'stateful'] as const;
/** A whole suite (`crypto`) or one file of it (`crypto/nonces` for suites/crypto/nonces.test.ts). */
export type SuiteName = (typeof SUITES)[number] | `${(typeof SUITES)[number]}/${string}`;

const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

function suiteFiles(suite: string): string[] {
  try {
    return readdirSync(join(SUITES_DIR, suite))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => name.slice(0, -'.test.ts'.length));
  } catch {
    return [];
  }
}

function isSuiteName(name: string): name is SuiteName {
  const [suite, file, ...rest] = name.split('/');
  if (!(SUITES as readonly string[]).includes(suite ?? '') || rest.length > 0) return false;
  return file === undefined || suiteFiles(suite ?? '').includes(file);
}

/** How many suite files a selection runs (all suites when it is empty): the most shards it can split into. */
export function selectedFileCount(suites: readonly SuiteName[]): number {
  const files = new Set<string>();
  for (const name of suites.length === 0 ? SUITES : suites) {
    const [suite = '', file] = name.split('/');
    for (const each of file === undefined ? suiteFiles(suite) : [file]) files.add(`${suite}/${each}`);
  }
  return files.size;
}

/** The path filter vitest takes for a suite or one file of it. */
export function suiteFilter(name: SuiteName): string {
  return name.includes('/') ? `suites/${name}.test.ts` : `suites/${name}/`;
}

function path(raw: unknown, at: SettingLocation): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw invalidSetting(at, raw, 'is not a path');
  return isAbsolute(raw) ? raw : resolve(at.baseDir, raw);
}

/** Where reports go: a directory, or a path one can be made at (a file there would fail the run at its end). */
function reportsDir(raw: unknown, at: SettingLocation): string {
  const dir = path(raw, at);
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw invalidSetting(at, raw, 'is a file; expected a directory for the reports');
  }
  return dir;
}

function suiteList(raw: unknown, at: SettingLocation): SuiteName[] {
  const items: readonly unknown[] | undefined = Array.isArray(raw)
    ? (raw as unknown[])
    : typeof raw === 'string'
      ? // Commas, and the newlines that join a repeated --suite.
        raw.split(/[,\n]/)
      : undefined;
  if (items === undefined) throw invalidSetting(at, raw, `is not a list of suites (${SUITES.join(', ')})`);
  const names = items.map((item) => (typeof item === 'string' ? item.trim() : '')).filter((s) => s !== '');
  const unknown = names.filter((name) => !isSuiteName(name));
  if (unknown.length > 0 || names.length === 0) {
    throw invalidSetting(
      at,
      raw,
      `names no known suite; expected a comma-separated list of ${SUITES.join(', ')} (or suite/file, e.g. crypto/nonces)`,
    );
  }
  return [...new Set(names as SuiteName[])];
}

function profileRef(raw: unknown, at: SettingLocation): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw invalidSetting(at, raw, `is not a profile (${Object.keys(BUILTIN_PROFILES).join(', ')} or a file)`);
  }
  return raw in BUILTIN_PROFILES ? raw : path(raw, at);
}

function seed(raw: unknown, at: SettingLocation): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(value) || (typeof raw === 'string' && raw.trim() === '')) {
    throw invalidSetting(at, raw, 'is not an integer seed');
  }
  // fast-check keeps a seed's low 32 bits: 99999999999 would silently run as 1215752191.
  if ((value | 0) !== value) {
    throw invalidSetting(at, raw, 'is not a 32-bit seed (from -2147483648 to 2147483647)');
  }
  return value;
}

/** Seconds, or a number with a unit: `90`, `90s`, `2m`, `500ms`. */
const duration = durationMs('s');

export const suitesSetting: SettingSpec<SuiteName[]> = {
  key: 'suites',
  flag: 'suite',
  env: 'KEYS_CONFORMANCE_SUITES',
  repeatable: true,
  fileSchema: { type: 'array', items: { type: 'string', pattern: `^(${SUITES.join('|')})(/[a-z0-9-]+)?$` } },
  description: `Suites to run, comma-separated or repeated (default: all): ${SUITES.join(', ')}; or one file, e.g. crypto/nonces`,
  parse: suiteList,
};

export const profileSetting: SettingSpec<string> = {
  key: 'profile',
  flag: 'profile',
  env: 'KEYS_CONFORMANCE_PROFILE',
  fileSchema: { type: 'string' },
  description: `Target profile: ${Object.keys(BUILTIN_PROFILES).join(', ')}, or a YAML/JSON file that extends one`,
  parse: profileRef,
};

export const reportsSetting: SettingSpec<string> = {
  key: 'reports',
  flag: 'reports',
  env: 'KEYS_CONFORMANCE_REPORTS',
  fileSchema: { type: 'string' },
  description: 'Directory for findings.json, summary.md, junit.xml and allure-results/ (default: reports)',
  parse: reportsDir,
};

export const baselineSetting: SettingSpec<string> = {
  key: 'baseline',
  flag: 'baseline',
  env: 'KEYS_CONFORMANCE_BASELINE',
  fileSchema: { type: 'string' },
  description: 'A findings.json (or run directory) whose findings count as known: only new ones fail the run',
  parse: path,
};

export const specSetting: SettingSpec<string> = {
  key: 'spec',
  flag: 'spec',
  env: 'KEYS_CONFORMANCE_SPEC',
  fileSchema: { type: 'string' },
  description: 'The contract to test against (default: openapi.yaml; e.g. specs/1.795.3.yaml)',
  parse: path,
};

export const runsSetting: SettingSpec<number> = {
  key: 'fuzz.runs',
  flag: 'runs',
  env: 'KEYS_CONFORMANCE_RUNS',
  fileSchema: { type: 'integer', minimum: 1 },
  description: 'Generated inputs per operation and fuzz property (default 100)',
  parse: positiveInteger('runs', 10_000_000),
};

export const seedSetting: SettingSpec<number> = {
  key: 'fuzz.seed',
  flag: 'seed',
  env: 'KEYS_CONFORMANCE_SEED',
  fileSchema: { type: 'integer' },
  description: 'fast-check seed (default: random, printed in the report so a run can be repeated)',
  parse: seed,
};

export const timeBudgetSetting: SettingSpec<number> = {
  key: 'fuzz.timeBudget',
  flag: 'time-budget',
  env: 'KEYS_CONFORMANCE_TIME_BUDGET',
  fileSchema: { type: ['integer', 'string'] },
  description: 'Upper bound on the time one fuzz property may take (e.g. 90s, 5m; default 60s)',
  parse: duration,
};

export const testTimeoutSetting: SettingSpec<number> = {
  key: 'testTimeout',
  flag: 'test-timeout',
  env: 'KEYS_CONFORMANCE_TEST_TIMEOUT',
  fileSchema: { type: ['integer', 'string'] },
  description:
    'How long one test may take against a slow target (default 2m, and at least --time-budget plus a minute); a test that runs out is not tested and the run fails',
  parse: duration,
};

export const fuzzConcurrencySetting: SettingSpec<number> = {
  key: 'fuzz.concurrency',
  flag: 'fuzz-concurrency',
  env: 'KEYS_CONFORMANCE_FUZZ_CONCURRENCY',
  fileSchema: { type: 'integer', minimum: 1 },
  description: 'Requests a fuzz property keeps in flight at once (default: --concurrency if set, else 4)',
  parse: positiveInteger('requests', 1024),
};

export const progressIntervalSetting: SettingSpec<number> = {
  key: 'progressInterval',
  flag: 'progress-interval',
  env: 'KEYS_CONFORMANCE_PROGRESS_INTERVAL',
  fileSchema: { type: ['integer', 'string'] },
  description:
    'After this long without output, print what is running (file, tests done, the test under way); default 30s',
  parse: duration,
};

export const workersSetting: SettingSpec<number> = {
  key: 'workers',
  flag: 'workers',
  env: 'KEYS_CONFORMANCE_WORKERS',
  fileSchema: { type: 'integer', minimum: 1 },
  description: 'Suite files run in parallel (default: 2; lower it for a rate-limited target)',
  parse: positiveInteger('workers', 64),
};

function shard(raw: unknown, at: SettingLocation): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count < 1 || index > count) {
    throw invalidSetting(at, raw, 'is not a shard i/n with 1 <= i <= n (e.g. 2/3)');
  }
  return `${index}/${count}`;
}

export const shardSetting: SettingSpec<string> = {
  key: 'shard',
  flag: 'shard',
  env: 'KEYS_CONFORMANCE_SHARD',
  fileSchema: { type: 'string' },
  description:
    'Run only shard i of n of the suite files (e.g. 2/3); merge the shards with `keys-conformance merge`',
  parse: shard,
};

function testPattern(raw: unknown, at: SettingLocation): string {
  if (typeof raw !== 'string' || raw.trim() === '')
    throw invalidSetting(at, raw, 'is not a test name pattern');
  try {
    new RegExp(raw);
  } catch {
    throw invalidSetting(at, raw, 'is not a valid regular expression');
  }
  return raw;
}

export const grepSetting: SettingSpec<string> = {
  key: 'grep',
  flag: 'grep',
  env: 'KEYS_CONFORMANCE_GREP',
  fileSchema: { type: 'string' },
  description: 'Run only the tests whose title matches this regular expression (e.g. "^CreateKey:")',
  parse: testPattern,
};

export const RUN_SETTINGS: readonly SettingSpec<unknown>[] = [
  suitesSetting,
  profileSetting,
  reportsSetting,
  baselineSetting,
  specSetting,
  runsSetting,
  seedSetting,
  timeBudgetSetting,
  fuzzConcurrencySetting,
  testTimeoutSetting,
  workersSetting,
  shardSetting,
  grepSetting,
  progressIntervalSetting,
] as readonly SettingSpec<unknown>[];

/**
 * Every setting a config file may hold. One file serves run, replay and cleanup, so each command checks it
 * against all of them (a typo is caught by any) and reads its own part.
 */
export const CONFIG_FILE_SETTINGS: readonly SettingSpec<unknown>[] = [...TARGET_SETTINGS, ...RUN_SETTINGS];

/**
 * What a test may take: the setting, but never less than a fuzz property's time budget plus a minute for
 * preparing its resources and shrinking what it found (a budget above the test timeout would end every long
 * property as a timed-out test).
 */
export function effectiveTestTimeoutMs(testTimeoutMs: number, timeBudgetMs: number): number {
  return Math.max(testTimeoutMs, timeBudgetMs + 60_000);
}

export const RUN_DEFAULTS = {
  reports: 'reports',
  profile: 'full',
  runs: 100,
  timeBudgetMs: 60_000,
  fuzzConcurrency: 4,
  testTimeoutMs: 120_000,
  workers: 2,
  progressIntervalMs: 30_000,
} as const;
