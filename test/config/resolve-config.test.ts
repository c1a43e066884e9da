import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { configFlagOptions, flagValues } from '../../src/config/config-schema.ts';
import {
  describeConfig,
  loadConfigSources,
  requireSettings,
  resolveConfig,
  type ConfigInput,
} from '../../src/config/resolve-config.ts';
import { resolveSetting, type SettingSpec } from '../../src/config/setting.ts';
import { positiveInteger } from '../../src/config/parsers.ts';
import { TARGET_SETTINGS } from '../../src/config/target-settings.ts';
import { generateCredential } from '../../src/crypto/credential.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keys-conformance-config-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TOKEN = 'eyJ.config-test-token.value';
/** A token as a user would paste one: it looks like a JWT. */
const JWT =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1cy1rY29uZi0xIiwiaWF0IjoxNzAwMDAwMDAwfQ.MEUCIQDx3sQ9fK2lq8Vb7nXr4aYt0PzWc5mJ6hLuG1e-Rk_oTg';

/** Resolves with no ambient environment: only what the test gives. */
function resolveIn(input: Omit<ConfigInput, 'cwd'> = {}): ReturnType<typeof resolveConfig> {
  return resolveConfig({ env: {}, flags: {}, ...input, cwd: dir });
}

async function writeJson(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(value));
  return path;
}

async function errorOf(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, got a result');
}

async function messageOf(input: Omit<ConfigInput, 'cwd'>): Promise<string> {
  return (await errorOf(resolveIn(input))).message;
}

async function writePem(name = 'credential.pem'): Promise<{ path: string; pem: string }> {
  const { privateKeyPem } = generateCredential('p256');
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, privateKeyPem);
  return { path, pem: privateKeyPem };
}

describe('precedence: flags > environment > config file > default', () => {
  const file = { baseUrl: 'https://file.example' };
  const env = { KEYS_API_URL: 'https://env.example' };
  const flags = { target: 'https://flag.example' };

  it.each<[string, { flags?: Record<string, string>; env?: Record<string, string> }, string, string]>([
    ['flag over env and file', { flags, env }, 'https://flag.example', 'flag'],
    ['env over file', { env }, 'https://env.example', 'env'],
    ['file alone', {}, 'https://file.example', 'file'],
    ['an empty variable counts as unset', { env: { KEYS_API_URL: '' } }, 'https://file.example', 'file'],
  ])('%s', async (_name, sources, expected, origin) => {
    await writeJson('keys-conformance.config.json', file);
    const config = await resolveIn({ flags: sources.flags ?? {}, env: sources.env ?? {} });
    expect([config.baseUrl, config.origins.baseUrl]).toEqual([expected, origin]);
  });

  it('defaults apply when nothing sets a value', async () => {
    const config = await resolveIn();
    expect([
      config.timeouts,
      config.concurrency,
      config.maxResponseBytes,
      config.origins['timeouts.requestMs'],
    ]).toEqual([{ requestMs: 30_000, connectMs: 10_000 }, 8, 8 * 1024 * 1024, 'default']);
  });

  it('no target at all leaves baseUrl unset (the run starts the reference)', async () => {
    expect((await resolveIn()).baseUrl).toBeUndefined();
  });

  it('reads every setting from the environment', async () => {
    const { path, pem } = await writePem();
    const config = await resolveIn({
      env: {
        KEYS_API_URL: 'http://127.0.0.1:8080/',
        KEYS_API_TOKEN: TOKEN,
        KEYS_API_CREDENTIAL_ID: 'cr-1',
        KEYS_API_CREDENTIAL_KEY: path,
        KEYS_API_TIMEOUT_MS: '1500',
        KEYS_API_CONNECT_TIMEOUT_MS: '500',
        KEYS_API_CONCURRENCY: '4',
        KEYS_API_MAX_RESPONSE_BYTES: '1024',
        KEYS_API_CLIENT_DATA_ORIGIN: 'https://app.dfns.io',
        KEYS_API_CLIENT_DATA_CROSS_ORIGIN: 'false',
      },
    });
    expect(config).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080',
      token: TOKEN,
      credentialId: 'cr-1',
      credentialKeyPem: pem,
      credentialKeyPath: path,
      timeouts: { requestMs: 1500, connectMs: 500 },
      concurrency: 4,
      maxResponseBytes: 1024,
      clientData: { origin: 'https://app.dfns.io', crossOrigin: false },
    });
  });

  it('reads a YAML config file, nested keys included', async () => {
    await writeFile(
      join(dir, 'keys-conformance.config.yaml'),
      'baseUrl: https://yaml.example\ntimeouts:\n  requestMs: 1234\nuserAction:\n  clientDataCrossOrigin: true\n',
    );
    const config = await resolveIn();
    expect([
      config.baseUrl,
      config.timeouts.requestMs,
      config.clientData.crossOrigin,
      config.configFile,
    ]).toEqual(['https://yaml.example', 1234, true, 'keys-conformance.config.yaml']);
  });

  it('--config names a file anywhere, instead of the one in the cwd', async () => {
    await writeJson('keys-conformance.config.json', { baseUrl: 'https://cwd.example' });
    const other = await writeJson('other.json', { baseUrl: 'https://other.example' });
    expect((await resolveIn({ flags: { config: other } })).baseUrl).toBe('https://other.example');
  });

  it('a credential key path in the config file is relative to the file', async () => {
    const { pem } = await writePem('keys/cred.pem');
    await writeJson('keys/conf.json', { credentialId: 'cr-1', credentialKey: 'cred.pem' });
    expect((await resolveIn({ flags: { config: 'keys/conf.json' } })).credentialKeyPem).toBe(pem);
  });

  it('flag names work with node:util parseArgs and configFlagOptions', async () => {
    const { values } = parseArgs({
      args: ['--target', 'https://argv.example', '--timeout', '42'],
      options: configFlagOptions(TARGET_SETTINGS),
    });
    const config = await resolveIn({ flags: flagValues(values, TARGET_SETTINGS) });
    expect([config.baseUrl, config.timeouts.requestMs]).toEqual(['https://argv.example', 42]);
  });

  it('refuses a flag given twice rather than keep the last', () => {
    const { values } = parseArgs({
      args: ['--timeout', '1s', '--timeout', '2s'],
      options: configFlagOptions(TARGET_SETTINGS),
    });
    expect(() => flagValues(values, TARGET_SETTINGS)).toThrow('--timeout is given 2 times: give it once');
  });

  it('takes a repeatable flag (--header) every time it is given', async () => {
    const { values } = parseArgs({
      args: ['--header', 'X-DFNS-APPID: ap-1', '--header', 'X-Gateway: g'],
      options: configFlagOptions(TARGET_SETTINGS),
    });
    const config = await resolveIn({ flags: flagValues(values, TARGET_SETTINGS) });
    expect(config.headers).toEqual({ 'x-dfns-appid': 'ap-1', 'x-gateway': 'g' });
  });

  it.each([
    ['3s', 3000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['2m', 120_000],
  ])('--timeout %s takes its unit: %i ms', async (raw, ms) => {
    expect((await resolveIn({ flags: { timeout: raw } })).timeouts.requestMs).toBe(ms);
  });
});

describe('one-line errors naming the setting, its source and what is expected', () => {
  it.each<[string, Omit<ConfigInput, 'cwd'>, string]>([
    ['a non-http URL', { env: { KEYS_API_URL: 'ftp://x' } }, 'KEYS_API_URL: "ftp://x" is not an http(s) URL'],
    [
      'text that is no URL',
      { flags: { target: 'not a url' } },
      '--target: "not a url" is not an http(s) URL',
    ],
    [
      'a URL with a query',
      { env: { KEYS_API_URL: 'https://x/?a=1' } },
      'KEYS_API_URL: "https://x/?a=…" must not carry a query or fragment (expected a base URL)',
    ],
    [
      'a URL with a token in its query',
      { flags: { target: 'http://127.0.0.1:9/?token=s3cretq&x' } },
      '--target: "http://127.0.0.1:9/?token=…&…" must not carry a query or fragment (expected a base URL)',
    ],
    [
      'a URL with user:password, a query and a fragment',
      { env: { KEYS_API_URL: 'https://u:hunter2@x/?a=1#s3cretf' } },
      'KEYS_API_URL: "https://…@x/?a=…#…" must not carry a query or fragment (expected a base URL)',
    ],
    [
      'a timeout that is not a number',
      { flags: { timeout: 'abc' } },
      '--timeout: "abc" is not a duration (milliseconds, or with a unit: 500ms, 90s, 2m)',
    ],
    [
      'a zero timeout',
      { env: { KEYS_API_TIMEOUT_MS: '0' } },
      'KEYS_API_TIMEOUT_MS: "0" is not a duration (milliseconds',
    ],
    [
      'a timeout with a unit it does not know',
      { flags: { timeout: '3h' } },
      '--timeout: "3h" is not a duration (milliseconds',
    ],
    [
      'a timeout above what timers support',
      { flags: { timeout: '9999999999' } },
      '--timeout: "9999999999" is not a duration (milliseconds, or with a unit: 500ms, 90s, 2m) of at most 2147483647 ms',
    ],
    ['a flag given without a value', { flags: { timeout: true } }, '--timeout: true needs a value'],
    [
      'a concurrency of zero',
      { flags: { concurrency: '0' } },
      '--concurrency: "0" is not a positive integer of connections',
    ],
    [
      'a bad boolean',
      { env: { KEYS_API_CLIENT_DATA_CROSS_ORIGIN: 'maybe' } },
      'KEYS_API_CLIENT_DATA_CROSS_ORIGIN: "maybe" is not a boolean',
    ],
    [
      'a credential id with spaces',
      { flags: { 'credential-id': 'cr 1' } },
      '--credential-id: "cr 1" is not a credential id',
    ],
  ])('%s', async (_name, input, message) => {
    expect(await messageOf(input)).toContain(message);
  });

  it('a token given as the URL is shown by its start and length, not whole', async () => {
    expect(await messageOf({ env: { KEYS_API_URL: JWT } })).toBe(
      `KEYS_API_URL: "eyJh…" (${JWT.length} characters, hidden: looks like a JWT) is not an http(s) URL`,
    );
  });

  it('an unreadable credential key names the path and the error code', async () => {
    const missing = join(dir, 'x.pem');
    expect(
      await messageOf({ env: { KEYS_API_CREDENTIAL_ID: 'cr-1', KEYS_API_CREDENTIAL_KEY: missing } }),
    ).toBe(`KEYS_API_CREDENTIAL_KEY: cannot read ${missing} (ENOENT)`);
  });

  it('a PEM given where the credential key path belongs says a path is wanted, not the key', async () => {
    const { pem } = await writePem();
    expect(await messageOf({ env: { KEYS_API_CREDENTIAL_ID: 'cr-1', KEYS_API_CREDENTIAL_KEY: pem } })).toBe(
      'KEYS_API_CREDENTIAL_KEY: takes the path of a PEM file, not the key itself (the value given looks like a PEM key); write the key to a file and give its path',
    );
  });

  it('a PEM as credentialKey in a YAML config file is not echoed either', async () => {
    const { pem } = await writePem();
    const indented = pem.trim().replace(/^/gm, '  ');
    await writeFile(
      join(dir, 'keys-conformance.config.yaml'),
      `credentialId: cr-1\ncredentialKey: |\n${indented}\n`,
    );
    expect(await messageOf({})).toBe(
      'keys-conformance.config.yaml: credentialKey: takes the path of a PEM file, not the key itself (the value given looks like a PEM key); write the key to a file and give its path',
    );
  });

  it('a credential key of an unsupported kind says which kinds are supported', async () => {
    const path = join(dir, 'rsa.pem');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    await writeFile(path, rsa.export({ type: 'pkcs8', format: 'pem' }));
    expect(await messageOf({ flags: { 'credential-key': path, 'credential-id': 'cr-1' } })).toMatch(
      /^--credential-key: ".*rsa\.pem" is not a usable credential key: credential key type is RSA; supported: ECDSA P-256/,
    );
  });

  it('a credential id without a key says both are needed and where to set the key', async () => {
    expect(await messageOf({ env: { KEYS_API_CREDENTIAL_ID: 'cr-1' } })).toBe(
      'credentialId is set (env) but credentialKey is not; set both or neither (--credential-key, KEYS_API_CREDENTIAL_KEY or "credentialKey" in the config file)',
    );
  });

  it('a credential key without an id says so', async () => {
    const { path } = await writePem();
    expect(await messageOf({ env: { KEYS_API_CREDENTIAL_KEY: path } })).toContain(
      'credentialKey is set (env) but credentialId is not',
    );
  });

  it.each([
    ['whitespace', 'bad token'],
    ['a newline', 'bad\ntoken'],
  ])('a token with %s is named, never quoted', async (_name, token) => {
    const message = await messageOf({ env: { KEYS_API_TOKEN: token } });
    expect([message, message.includes('bad')]).toEqual([
      'KEYS_API_TOKEN: the token contains spaces or control characters (a header value cannot)',
      false,
    ]);
  });

  it('an unknown key in the config file is named, with the known keys', async () => {
    await writeJson('keys-conformance.config.json', { baseUrl: 'https://x', tokn: 'y' });
    expect(await messageOf({})).toBe(
      'keys-conformance.config.json: unknown key "tokn" (known keys: baseUrl, token, credentialId, credentialKey, timeouts, concurrency, maxResponseBytes, rateLimit, userAction, proxy, headers, legacyNonce)',
    );
  });

  it('an unknown nested key is named with its path', async () => {
    await writeJson('keys-conformance.config.json', { timeouts: { requestMS: 5 } });
    expect(await messageOf({})).toBe(
      'keys-conformance.config.json: unknown key "timeouts.requestMS" (known keys in timeouts: requestMs, connectMs)',
    );
  });

  it('a value of the wrong type in the file names the key and the type, not the value', async () => {
    await writeJson('keys-conformance.config.json', { token: 12345 });
    expect(await messageOf({})).toBe('keys-conformance.config.json: token must be a string');
  });

  it('a file value that fails its parser names the file and key', async () => {
    await writeJson('keys-conformance.config.json', { timeouts: { requestMs: 0 } });
    expect(await messageOf({})).toBe(
      'keys-conformance.config.json: timeouts.requestMs: 0 is not a duration (milliseconds, or with a unit: 500ms, 90s, 2m) of at most 2147483647 ms',
    );
  });

  it('a config file that is not an object says so', async () => {
    await writeJson('keys-conformance.config.json', ['https://x']);
    expect(await messageOf({})).toBe('keys-conformance.config.json: must be a JSON/YAML object of settings');
  });

  it('invalid JSON gives the line and column, not the text', async () => {
    await writeFile(join(dir, 'keys-conformance.config.json'), `{\n  "token": "${TOKEN}" oops\n}`);
    const message = await messageOf({});
    expect([message, message.includes(TOKEN)]).toEqual([
      'keys-conformance.config.json: is not valid JSON (line 2, column 42)',
      false,
    ]);
  });

  it('invalid YAML gives the error code and position, not the text', async () => {
    await writeFile(join(dir, 'keys-conformance.config.yaml'), `token: "${TOKEN}\nbaseUrl: [x\n`);
    const message = await messageOf({});
    expect([
      /^keys-conformance\.config\.yaml: is not valid YAML \([A-Z_]+ at line \d+, column \d+\)$/.test(message),
      message.includes(TOKEN),
    ]).toEqual([true, false]);
  });

  it.each<[string, string, string]>([
    [
      'an unknown tag',
      `token: !vault ${TOKEN}\n`,
      'has YAML it cannot read as meant (TAG_RESOLVE_FAILED at line 1, column 8: a tag this tool does not resolve, e.g. !vault)',
    ],
    [
      'an unsupported YAML version',
      `%YAML 1.3\n---\ntoken: ${TOKEN}\n`,
      'has YAML it cannot read as meant (BAD_DIRECTIVE at line 1, column 7: a directive this tool does not read, e.g. %YAML 1.3)',
    ],
    [
      'an alias bomb',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
      'is not usable YAML: its aliases expand to more than 100 copies (an alias bomb?)',
    ],
    [
      'an alias without its anchor',
      'token: *s3cretalias\n',
      'is not usable YAML: an alias (*name) names no anchor (&name) set before it',
    ],
  ])('YAML with %s is refused naming the file and a position, not the text', async (_name, text, problem) => {
    await writeFile(join(dir, 'keys-conformance.config.yaml'), text);
    expect(await messageOf({})).toBe(`keys-conformance.config.yaml: ${problem}`);
  });

  it('two config files in the cwd are ambiguous', async () => {
    await writeJson('keys-conformance.config.json', {});
    await writeFile(join(dir, 'keys-conformance.config.yaml'), '{}');
    expect(await messageOf({})).toBe(
      `config file: found keys-conformance.config.json and keys-conformance.config.yaml in ${dir}; keep one or pass --config FILE`,
    );
  });

  it('--config naming a missing file says it cannot be read', async () => {
    expect(await messageOf({ flags: { config: 'nope.json' } })).toBe(
      `--config: cannot read ${join(dir, 'nope.json')} (ENOENT)`,
    );
  });

  it('--config given a token instead of a path does not echo it', async () => {
    expect(await messageOf({ flags: { config: JWT } })).toBe(
      `--config: cannot read "eyJh…" (${JWT.length} characters, hidden: looks like a JWT) (ENOENT)`,
    );
  });

  it('--config without a value says it needs one', async () => {
    expect(await messageOf({ flags: { config: '' } })).toBe(
      '--config: needs a value: a path to a .json or .yaml config file',
    );
  });

  it('a ConfigError message is one line', async () => {
    const message = await messageOf({ env: { KEYS_API_URL: 'ftp://a\nb' } });
    expect(message.includes('\n')).toBe(false);
  });
});

describe('extending the configuration', () => {
  const budgetSetting: SettingSpec<number> = {
    key: 'fuzz.runs',
    flag: 'fuzz-runs',
    env: 'KEYS_API_FUZZ_RUNS',
    fileSchema: { type: 'integer' },
    description: 'fast-check runs per property',
    parse: positiveInteger('runs', 1_000_000),
  };

  it('a new setting is resolved by the generic merge from the same file', async () => {
    await writeJson('keys-conformance.config.json', { baseUrl: 'https://x', fuzz: { runs: 50 } });
    const sources = await loadConfigSources({ env: {}, cwd: dir }, [...TARGET_SETTINGS, budgetSetting]);
    expect((await resolveSetting(budgetSetting, sources))?.value).toBe(50);
  });

  it('without the new setting in the schema, the same file is rejected', async () => {
    await writeJson('keys-conformance.config.json', { fuzz: { runs: 50 } });
    expect((await errorOf(loadConfigSources({ env: {}, cwd: dir }, TARGET_SETTINGS))).message).toContain(
      'unknown key "fuzz"',
    );
  });
});

describe('requireSettings and describeConfig', () => {
  it('names every missing setting and where to set it', async () => {
    const config = await resolveIn({ env: { KEYS_API_URL: 'https://x' } });
    expect(() => {
      requireSettings(config, ['baseUrl', 'token', 'credentialId']);
    }).toThrow(
      'missing settings: token (KEYS_API_TOKEN or "token" in the config file); credentialId (--credential-id, KEYS_API_CREDENTIAL_ID or "credentialId" in the config file)',
    );
  });

  it('passes when the settings are present', async () => {
    const config = await resolveIn({ env: { KEYS_API_URL: 'https://x', KEYS_API_TOKEN: TOKEN } });
    expect(() => {
      requireSettings(config, ['baseUrl', 'token']);
    }).not.toThrow();
  });

  it('describeConfig shows a credential id that looks like a token by its start and length', async () => {
    const { path } = await writePem();
    const config = await resolveIn({
      env: { KEYS_API_CREDENTIAL_ID: JWT, KEYS_API_CREDENTIAL_KEY: path },
    });
    const credential = describeConfig(config).find(([name]) => name === 'credential')?.[1];
    expect(credential).toBe(`"eyJh…" (${JWT.length} characters, hidden: looks like a JWT), key ${path}`);
  });

  it('describeConfig shows that secrets are set, not their values', async () => {
    const { path, pem } = await writePem();
    const config = await resolveIn({
      env: { KEYS_API_TOKEN: TOKEN, KEYS_API_CREDENTIAL_ID: 'cr-1', KEYS_API_CREDENTIAL_KEY: path },
    });
    const printed = JSON.stringify(describeConfig(config));
    expect([
      printed.includes(TOKEN),
      printed.includes(pem.split('\n')[1]!),
      printed.includes('["token","set (env)"]'),
    ]).toEqual([false, false, true]);
  });
});
