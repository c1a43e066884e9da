import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadConfigSources } from '../../src/config/resolve-config.ts';
import { resolveSetting, type SettingSpec } from '../../src/config/setting.ts';
import { TARGET_SETTINGS } from '../../src/config/target-settings.ts';
import { generateCredential } from '../../src/crypto/credential.ts';
import { RUN_SETTINGS } from '../../src/run/run-settings.ts';

/**
 * `run` and `replay` read every setting from `keys-conformance.config.json|yaml` (or `--config FILE`) as
 * they do from flags. The file's schema is built from all their settings at once, so one setting the
 * schema compiler refuses breaks every config file: each setting is exercised here through one file.
 */
const SETTINGS: readonly SettingSpec<unknown>[] = [...TARGET_SETTINGS, ...RUN_SETTINGS];

const PEM = generateCredential('p256').privateKeyPem;

/** A file value for each setting, and what it resolves to (`dir`: the config file's folder). */
const EXAMPLES: Readonly<
  Record<string, { readonly file: unknown; readonly resolved: (dir: string) => unknown }>
> = {
  baseUrl: { file: 'https://staging.example/api/', resolved: () => 'https://staging.example/api' },
  token: { file: 'eyJ.file-token', resolved: () => 'eyJ.file-token' },
  credentialId: { file: 'cr-file', resolved: () => 'cr-file' },
  credentialKey: { file: 'cred.pem', resolved: (dir) => ({ path: join(dir, 'cred.pem'), pem: PEM }) },
  'timeouts.requestMs': { file: 1500, resolved: () => 1500 },
  'timeouts.connectMs': { file: 700, resolved: () => 700 },
  concurrency: { file: 3, resolved: () => 3 },
  maxResponseBytes: { file: 4096, resolved: () => 4096 },
  'rateLimit.retries': { file: 0, resolved: () => 0 },
  'userAction.clientDataOrigin': { file: 'https://app.example', resolved: () => 'https://app.example' },
  'userAction.clientDataCrossOrigin': { file: false, resolved: () => false },
  suites: { file: ['crypto/nonces', 'contract'], resolved: () => ['crypto/nonces', 'contract'] },
  profile: { file: 'dfns', resolved: () => 'dfns' },
  reports: { file: 'out', resolved: (dir) => join(dir, 'out') },
  baseline: { file: 'main/findings.json', resolved: (dir) => join(dir, 'main/findings.json') },
  spec: { file: '/specs/1.795.3.yaml', resolved: () => '/specs/1.795.3.yaml' },
  'fuzz.runs': { file: 250, resolved: () => 250 },
  'fuzz.seed': { file: -42, resolved: () => -42 },
  // A bare number is seconds, as on the command line.
  'fuzz.timeBudget': { file: 90, resolved: () => 90_000 },
  'fuzz.concurrency': { file: 2, resolved: () => 2 },
  workers: { file: 1, resolved: () => 1 },
  shard: { file: '2/3', resolved: () => '2/3' },
  grep: { file: '^CreateKey:', resolved: () => '^CreateKey:' },
  progressInterval: { file: '45s', resolved: () => 45_000 },
  testTimeout: { file: '5m', resolved: () => 300_000 },
  proxy: { file: 'proxy.corp:3128', resolved: () => 'http://proxy.corp:3128' },
  headers: { file: { 'X-DFNS-APPID': 'ap-1' }, resolved: () => ({ 'x-dfns-appid': 'ap-1' }) },
  legacyNonce: { file: true, resolved: () => true },
};

/** `{ 'a.b': v }` as the nested object a config file holds. */
function nested(flat: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    const leaf = parts.pop() as string;
    let level = root;
    for (const part of parts) level = (level[part] ??= {}) as Record<string, unknown>;
    level[leaf] = value;
  }
  return root;
}

describe('run settings from a config file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keys-conformance-run-config-'));
    await writeFile(join(dir, 'cred.pem'), PEM);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every setting that a file may set has an example here', () => {
    const fileKeys = SETTINGS.filter((spec) => spec.fileSchema !== undefined).map((spec) => spec.key);
    expect(Object.keys(EXAMPLES).sort()).toEqual(fileKeys.sort());
  });

  it('one YAML file with every setting loads, and each resolves as its flag would', async () => {
    const flat = Object.fromEntries(Object.entries(EXAMPLES).map(([key, example]) => [key, example.file]));
    await writeFile(join(dir, 'keys-conformance.config.yaml'), stringify(nested(flat)));
    const sources = await loadConfigSources({ env: {}, cwd: dir }, SETTINGS);
    const resolved: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const spec of SETTINGS) {
      resolved[spec.key] = (await resolveSetting(spec, sources))?.value;
      expected[spec.key] = EXAMPLES[spec.key]?.resolved(dir);
    }
    expect(resolved).toEqual(expected);
  });

  it('run: a value from --config FILE reaches the command (and stops it before anything starts)', async () => {
    const file = join(dir, 'ci.yaml');
    await writeFile(file, 'profile: dfns\nshard: 9/2\n');
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.map(String).join(' '));
    });
    try {
      expect(await main(['run', '--config', file])).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(errors).toEqual([
      `keys-conformance run: ${file}: shard: "9/2" is not a shard i/n with 1 <= i <= n (e.g. 2/3)`,
    ]);
  });

  it('a duration of the wrong type names the key and both types it takes', async () => {
    await writeFile(
      join(dir, 'keys-conformance.config.json'),
      JSON.stringify({ fuzz: { timeBudget: true } }),
    );
    const error = await loadConfigSources({ env: {}, cwd: dir }, SETTINGS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'keys-conformance.config.json: fuzz.timeBudget must be an integer or string',
    );
  });
});
