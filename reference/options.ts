import { CREDENTIAL_KIND_OPTIONS, type CredentialKindOption } from './auth/identity.ts';
import { DEFAULT_MAX_BODY_BYTES } from './http/body.ts';
import { faultSet, type FaultSet } from './faults.ts';

/** startReference's options, and the checked form it runs with. Bad values are one-line errors. */
export interface ReferenceOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Signers in the simulated cluster; default 5. */
  readonly signers?: number;
  /** Shares needed to sign, 2..signers; default 3. */
  readonly threshold?: number;
  /** Fault ids from the catalogue (faults.ts); default none. */
  readonly faults?: readonly string[];
  /** The user-action credential's key type; default EcdsaP256 (or the kind of an existing key file). */
  readonly credentialKind?: CredentialKindOption;
  /** Where the credential's PKCS#8 PEM is written (mode 0600), or read from if it exists. */
  readonly credentialKeyFile?: string;
  /** No request log. */
  readonly quiet?: boolean;
  /** Where log lines go when not quiet (default stderr). Lines never carry a secret. */
  readonly log?: (line: string) => void;
  /** Request bodies above this are refused with 413; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** The clock (ms since the epoch) for dates and user-action expiry; for tests. */
  readonly now?: () => number;
  /**
   * Answer every Nth authenticated request 429 with `Retry-After: 0`, as a target pacing its clients;
   * default off. (A real limiter counts per client and time window; a count makes runs repeatable.)
   */
  readonly rateLimitEvery?: number;
  /**
   * Require `X-DFNS-APPID: <this>` on every authenticated request (401 otherwise), as deployments of 2023–2024
   * did (keys-api.md §1.3); default not required, as today.
   */
  readonly requireAppId?: string;
}

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly signers: number;
  readonly threshold: number;
  readonly faults: FaultSet;
  readonly credentialKind: CredentialKindOption | undefined;
  readonly credentialKeyFile: string | undefined;
  readonly log: ((line: string) => void) | undefined;
  readonly maxBodyBytes: number;
  readonly now: () => number;
  readonly rateLimitEvery: number | undefined;
  readonly requireAppId: string | undefined;
}

export const DEFAULT_SIGNERS = 5;
export const DEFAULT_THRESHOLD = 3;
export const MAX_SIGNERS = 64;

export class ReferenceOptionError extends Error {
  override readonly name = 'ReferenceOptionError';
}

function integerIn(name: string, value: unknown, min: number, max: number, hint = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ReferenceOptionError(
      `${name} must be an integer from ${min} to ${max}${hint}, got ${String(value)}`,
    );
  }
  return value;
}

export function resolveOptions(options: ReferenceOptions = {}): ResolvedOptions {
  const port = integerIn('port', options.port ?? 0, 0, 65535, ' (0 picks a free port)');
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.trim() === '') {
    throw new ReferenceOptionError(`host must be a host name or IP address, got ${JSON.stringify(host)}`);
  }
  const signers = integerIn('signers', options.signers ?? DEFAULT_SIGNERS, 2, MAX_SIGNERS);
  const threshold = integerIn(
    'threshold',
    options.threshold ?? Math.min(DEFAULT_THRESHOLD, signers),
    2,
    signers,
    ` (the number of signers)`,
  );
  let faults: FaultSet;
  try {
    faults = faultSet(options.faults ?? []);
  } catch (error) {
    throw new ReferenceOptionError((error as Error).message);
  }
  const kind = options.credentialKind;
  if (kind !== undefined && !CREDENTIAL_KIND_OPTIONS.includes(kind)) {
    throw new ReferenceOptionError(
      `credentialKind must be one of ${CREDENTIAL_KIND_OPTIONS.join(', ')}, got ${JSON.stringify(kind)}`,
    );
  }
  const file = options.credentialKeyFile;
  if (file !== undefined && (typeof file !== 'string' || file === '')) {
    throw new ReferenceOptionError('credentialKeyFile must be a non-empty path');
  }
  const rateLimitEvery =
    options.rateLimitEvery === undefined
      ? undefined
      : integerIn('rateLimitEvery', options.rateLimitEvery, 2, 1_000_000);
  const appId = options.requireAppId;
  if (appId !== undefined && (typeof appId !== 'string' || !/^[\x21-\x7e]+$/.test(appId))) {
    throw new ReferenceOptionError('requireAppId must be one word of visible ASCII, e.g. ap-1a2b3c');
  }
  const maxBodyBytes = integerIn(
    'maxBodyBytes',
    options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    1024,
    2 ** 30,
  );
  const log =
    options.quiet === true
      ? undefined
      : (options.log ??
        ((line: string) => {
          process.stderr.write(`[reference] ${line}\n`);
        }));
  return {
    port,
    host,
    signers,
    threshold,
    faults,
    credentialKind: kind,
    credentialKeyFile: file,
    log,
    maxBodyBytes,
    now: options.now ?? Date.now,
    rateLimitEvery,
    requireAppId: appId,
  };
}
