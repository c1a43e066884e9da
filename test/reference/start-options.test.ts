import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { referenceCommand } from '../../reference/cli.ts';
import { FAULTS } from '../../reference/faults.ts';
import { startReference, type ReferenceOptions } from '../../reference/index.ts';

/** startReference's options and the `keys-conformance reference` command: errors, key files, signals. */
const scratch = mkdtempSync(join(tmpdir(), 'reference-options-test-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('startReference refuses bad options with a one-line error', () => {
  it.each<{ options: ReferenceOptions; message: string }>([
    { options: { faults: ['no-such-fault'] }, message: 'unknown fault "no-such-fault"' },
    {
      options: { threshold: 1 },
      message: 'threshold must be an integer from 2 to 5 (the number of signers), got 1',
    },
    {
      options: { signers: 4, threshold: 5 },
      message: 'threshold must be an integer from 2 to 4 (the number of signers), got 5',
    },
    { options: { signers: 1 }, message: 'signers must be an integer from 2 to 64, got 1' },
    {
      options: { port: 70000 },
      message: 'port must be an integer from 0 to 65535 (0 picks a free port), got 70000',
    },
    {
      options: { port: 1.5 },
      message: 'port must be an integer from 0 to 65535 (0 picks a free port), got 1.5',
    },
    { options: { host: '' }, message: 'host must be a host name or IP address, got ""' },
    {
      options: { requireAppId: 'ap 1' },
      message: 'requireAppId must be one word of visible ASCII, e.g. ap-1a2b3c',
    },
    {
      options: { credentialKind: 'Rsa' as never },
      message: 'credentialKind must be one of EcdsaP256, Ed25519, got "Rsa"',
    },
  ])('$message', async ({ options, message }) => {
    const error = await startReference({ quiet: true, ...options }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain('\n');
  });

  it('a port already in use is named', async () => {
    const first = await startReference({ quiet: true });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startReference({ quiet: true, port })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
      );
    } finally {
      await first.close();
    }
  });
});

describe('the credential key file', () => {
  it('by default is a fresh 0600 file that close() removes', async () => {
    const ref = await startReference({ quiet: true });
    expect(statSync(ref.credentialKeyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(ref.credentialKeyFile, 'utf8')).toBe(ref.credential.privateKeyPem);
    await ref.close();
    expect(existsSync(ref.credentialKeyFile)).toBe(false);
  });

  it('by default is removed when the process exits without close() (a second Ctrl-C, process.exit)', () => {
    const index = pathToFileURL(fileURLToPath(new URL('../../reference/index.ts', import.meta.url))).href;
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startReference } = await import(${JSON.stringify(index)});
         const ref = await startReference({ quiet: true });
         process.stdout.write(ref.credentialKeyFile);
         process.exit(0);`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toMatch(/keys-conformance-reference-\w+\/credential\.pem$/);
    expect(existsSync(dirname(child.stdout))).toBe(false);
  });

  it('at a new given path is written 0600 with the chosen kind and removed by close()', async () => {
    const path = join(scratch, 'new.pem');
    const ref = await startReference({ quiet: true, credentialKeyFile: path, credentialKind: 'Ed25519' });
    expect(ref.credentialKeyFile).toBe(path);
    expect(ref.credential.kind).toBe('Ed25519');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await ref.close();
    expect(existsSync(path)).toBe(false);
  });

  it('that exists is reused and left in place', async () => {
    const first = await startReference({ quiet: true });
    const path = join(scratch, 'kept.pem');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, first.credential.privateKeyPem, { mode: 0o600 });
    await first.close();
    const ref = await startReference({ quiet: true, credentialKeyFile: path });
    expect(ref.credential.privateKeyPem).toBe(readFileSync(path, 'utf8'));
    expect(ref.credential.kind).toBe('EcdsaP256');
    await ref.close();
    expect(existsSync(path)).toBe(true);
    await expect(
      startReference({ quiet: true, credentialKeyFile: path, credentialKind: 'Ed25519' }),
    ).rejects.toThrow(`credential key file ${path} holds an EcdsaP256 key, but credentialKind is Ed25519`);
  });

  it('that is not a key is refused with the file named', async () => {
    const path = join(scratch, 'not-a-key.pem');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'hello');
    await expect(startReference({ quiet: true, credentialKeyFile: path })).rejects.toThrow(
      new RegExp(`^credential key file ${path}: credential key is not a PEM`),
    );
  });
});

describe('keys-conformance reference', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => out.push(String(line)));
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => err.push(String(line)));
    return { out, err };
  }

  it('--list-faults prints every fault with its category and exits 0', async () => {
    const { out } = capture();
    expect(await referenceCommand(['--list-faults'])).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines.length).toBe(FAULTS.length);
    for (const fault of FAULTS) {
      expect(
        lines.some(
          (l) => l.startsWith(fault.id) && l.includes(fault.category) && l.includes(fault.description),
        ),
      ).toBe(true);
    }
  });

  it('--help exits 0', async () => {
    const { out } = capture();
    expect(await referenceCommand(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/^usage: keys-conformance reference/);
  });

  it.each([
    {
      argv: ['--port', 'eighty'],
      message:
        /^keys-conformance reference: --port must be a non-negative integer, got "eighty" \(see --help\)$/,
    },
    {
      argv: ['--credential-kind', 'Rsa'],
      message: /^keys-conformance reference: --credential-kind must be EcdsaP256 or Ed25519, got "Rsa"/,
    },
    {
      argv: ['--threshold', '9'],
      message:
        /^keys-conformance reference: threshold must be an integer from 2 to 5 \(the number of signers\), got 9$/,
    },
    { argv: ['--fault', 'nope'], message: /^keys-conformance reference: unknown fault "nope"/ },
  ])('$argv: one line on stderr, exit 2', async ({ argv, message }) => {
    const { err } = capture();
    expect(await referenceCommand(argv)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
  });

  it('serves until SIGTERM, prints how to point the suite at it (not the key), then closes cleanly', async () => {
    const bin = new URL('../../bin/keys-conformance.js', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      [bin, 'reference', '--port', '0', '--quiet', '--fault', 'ecdsa-high-s'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no banner; stdout so far: ${stdout}`));
      }, 30_000);
      child.stdout.on('data', () => {
        if (stdout.includes('Stop it with Ctrl-C.')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const env: Record<string, string> = Object.fromEntries(
      [...stdout.matchAll(/export (KEYS_API_\w+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    expect(Object.keys(env).sort()).toEqual([
      'KEYS_API_CREDENTIAL_ID',
      'KEYS_API_CREDENTIAL_KEY',
      'KEYS_API_TOKEN',
      'KEYS_API_URL',
    ]);
    expect(stdout).toContain('faults:           ecdsa-high-s');
    expect(stdout).not.toContain('PRIVATE KEY');
    const keyFile = env.KEYS_API_CREDENTIAL_KEY!;
    expect(readFileSync(keyFile, 'utf8')).toContain('PRIVATE KEY');
    const response = await fetch(`${env.KEYS_API_URL!}/signers`, {
      headers: { authorization: `Bearer ${env.KEYS_API_TOKEN!}` },
    });
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(keyFile)).toBe(false);
  });
});
