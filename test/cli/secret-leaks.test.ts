import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCredential } from '../../src/crypto/credential.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli } from '../meta/run-cli.ts';

/**
 * Bad input that holds a secret (a token or key pasted into the wrong setting) gets a one-line error and
 * exit 2, and the secret appears nowhere in what the CLI prints: its output ends up in CI logs.
 */

const JWT =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1cy1rY29uZi0xIiwiaWF0IjoxNzAwMDAwMDAwfQ.MEUCIQDx3sQ9fK2lq8Vb7nXr4aYt0PzWc5mJ6hLuG1e-Rk_oTg';

/** A target nothing listens on: check stops at "not reachable" after printing its settings. */
const NOWHERE = 'http://127.0.0.1:9';

/** A usable credential key file, and its PEM text (a secret). */
function credentialKeyFile(): { readonly path: string; readonly pem: string } {
  const { privateKeyPem } = generateCredential('p256');
  const path = join(scratchDir('kc-secret-leaks-'), 'credential.pem');
  writeFileSync(path, privateKeyPem);
  return { path, pem: privateKeyPem };
}

describe('a secret in the wrong setting is not printed', () => {
  it('a token given as KEYS_API_URL', async () => {
    const { code, stdout, stderr } = await runCli(['check'], { env: { KEYS_API_URL: JWT } });
    expect([code, stderr.trim().split('\n').length, `${stdout}${stderr}`.includes(JWT)]).toEqual([
      2,
      1,
      false,
    ]);
  });

  it("a token given as KEYS_API_CREDENTIAL_ID, in check's settings listing", async () => {
    const { path } = credentialKeyFile();
    const { stdout, stderr } = await runCli(['check'], {
      env: {
        KEYS_API_URL: NOWHERE,
        KEYS_API_TOKEN: 'x',
        KEYS_API_CREDENTIAL_ID: JWT,
        KEYS_API_CREDENTIAL_KEY: path,
      },
    });
    expect([/^ {2}credential {4}/m.test(stdout), `${stdout}${stderr}`.includes(JWT)]).toEqual([true, false]);
  });
});

describe('a credential key PEM given where its path belongs is not printed', () => {
  /** The PEM itself and every line of it (a line alone is still most of the key). */
  function leaked(output: string, pem: string): readonly string[] {
    return pem
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('-----') && output.includes(line));
  }

  it.each<[string, readonly string[], 'env' | 'flag']>([
    ['check', ['check'], 'env'],
    ['run', ['run'], 'env'],
    ['cleanup', ['cleanup', '--ledger', 'missing.jsonl'], 'env'],
    ['check --credential-key=PEM', ['check'], 'flag'],
  ])('%s', async (_name, args, via) => {
    const { pem } = credentialKeyFile();
    const env: Record<string, string> = {
      KEYS_API_URL: NOWHERE,
      KEYS_API_TOKEN: 'x',
      KEYS_API_CREDENTIAL_ID: 'cr-1',
    };
    if (via === 'env') env.KEYS_API_CREDENTIAL_KEY = pem;
    const argv = via === 'flag' ? [...args, `--credential-key=${pem}`] : args;
    const { code, stdout, stderr } = await runCli(argv, { env });
    expect([code, stderr.trim().split('\n').length, leaked(`${stdout}${stderr}`, pem)]).toEqual([2, 1, []]);
  });
});

describe('YAML the user gives is never quoted in the output', () => {
  const SECRET = 's3cretTOKENabc123';

  function dirWith(name: string, text: string): string {
    const dir = scratchDir('kc-secret-leaks-');
    writeFileSync(join(dir, name), text);
    return dir;
  }

  it('a config file with an unknown tag', async () => {
    const cwd = dirWith('keys-conformance.config.yaml', `token: !vault ${SECRET}\n`);
    const { code, stdout, stderr } = await runCli(['check'], { cwd, env: { KEYS_API_URL: NOWHERE } });
    expect([code, stderr.trim().split('\n').length, `${stdout}${stderr}`.includes(SECRET)]).toEqual([
      2,
      1,
      false,
    ]);
  });

  it('a profile file with an unknown tag', async () => {
    const cwd = dirWith('profile.yaml', `endUserId: !vault ${SECRET}\n`);
    const { code, stdout, stderr } = await runCli(['run', '--profile', 'profile.yaml'], { cwd });
    expect([code, stderr.trim().split('\n').length, `${stdout}${stderr}`.includes(SECRET)]).toEqual([
      2,
      1,
      false,
    ]);
  });
});
