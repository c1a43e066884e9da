import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CredentialKeyError,
  generateCredential,
  loadCredentialKey,
  type CredentialKey,
} from '../src/crypto/credential.ts';
import { cryptoKindOf, optionKindOf, type CredentialKindOption } from './auth/identity.ts';
import { ReferenceOptionError } from './options.ts';

/**
 * The user-action credential and its key file. Without a path, a fresh key goes to a new private directory
 * under the OS temp dir; with a path that does not exist, a fresh key is written there; with a path that
 * exists, the key in it is used (so a restarted reference keeps one credential key). Files are written with
 * mode 0600 and only what the reference created is removed by `remove()`.
 */
export interface CredentialFile {
  readonly key: CredentialKey;
  readonly kind: CredentialKindOption;
  readonly privateKeyPem: string;
  readonly path: string;
  remove(): Promise<void>;
}

const DEFAULT_KIND: CredentialKindOption = 'EcdsaP256';

export async function prepareCredentialFile(
  kind: CredentialKindOption | undefined,
  path: string | undefined,
): Promise<CredentialFile> {
  if (path !== undefined && existsSync(path)) return loadExisting(path, kind);
  const generated = generateCredential(cryptoKindOf(kind ?? DEFAULT_KIND));
  const pem = generated.privateKeyPem;
  let target = path;
  let removeTarget: string;
  let created: string | undefined;
  if (target === undefined) {
    created = await mkdtemp(join(tmpdir(), 'keys-conformance-reference-'));
    target = join(created, 'credential.pem');
    removeTarget = created;
    removeAtExit(created);
  } else {
    removeTarget = target;
  }
  try {
    await writeFile(target, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new ReferenceOptionError(
      `cannot write the credential key file ${target}: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}`,
    );
  }
  return {
    key: generated,
    kind: optionKindOf(generated.kind),
    privateKeyPem: pem,
    path: target,
    remove: async () => {
      await rm(removeTarget, { recursive: true, force: true });
      if (created !== undefined) leftAtExit.delete(created);
    },
  };
}

/**
 * Folders of credential keys the reference made and has not removed yet. A process that exits without
 * closing its reference (a second Ctrl-C, process.exit(), a test that never closed one) left a private
 * key in the temporary folder; on exit, whatever is still here goes. Only SIGKILL can leave one now.
 */
const leftAtExit = new Set<string>();
let listening = false;

function removeAtExit(dir: string): void {
  if (!listening) process.once('exit', removeLeftovers);
  listening = true;
  leftAtExit.add(dir);
}

function removeLeftovers(): void {
  for (const dir of leftAtExit) rmSync(dir, { recursive: true, force: true });
  leftAtExit.clear();
}

async function loadExisting(path: string, kind: CredentialKindOption | undefined): Promise<CredentialFile> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReferenceOptionError(
      `cannot read the credential key file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`,
    );
  }
  let key: CredentialKey;
  try {
    key = loadCredentialKey(pem);
  } catch (error) {
    if (error instanceof CredentialKeyError)
      throw new ReferenceOptionError(`credential key file ${path}: ${error.message}`);
    throw error;
  }
  const found = optionKindOf(key.kind);
  if (kind !== undefined && kind !== found) {
    throw new ReferenceOptionError(
      `credential key file ${path} holds an ${found} key, but credentialKind is ${kind}`,
    );
  }
  return { key, kind: found, privateKeyPem: pem, path, remove: () => Promise.resolve() };
}
