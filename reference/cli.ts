import { parseArgs } from 'node:util';
import { CREDENTIAL_KIND_OPTIONS, type CredentialKindOption } from './auth/identity.ts';
import { faultListText } from './faults.ts';
import { startReference, type ReferenceHandle } from './index.ts';
import { DEFAULT_SIGNERS, DEFAULT_THRESHOLD } from './options.ts';

/**
 * `keys-conformance reference`: run the embedded reference as a server until SIGINT/SIGTERM. It prints how to
 * point the suite at it: the URL, the bearer token and credential id (the target's own test identity) and
 * the path of the credential key file, never the key itself.
 */
export function referenceUsage(): string {
  return [
    'usage: keys-conformance reference [options]',
    '',
    'Starts the reference target: the Keys API over a simulated signing cluster, optionally with faults.',
    '',
    'options:',
    '  --port N                  port to listen on (default 0: a free port)',
    '  --host H                  address to bind (default 127.0.0.1)',
    `  --signers N               signers in the cluster (default ${DEFAULT_SIGNERS})`,
    `  --threshold T             shares needed to sign, 2..signers (default ${DEFAULT_THRESHOLD})`,
    '  --fault ID                switch on a catalogued fault (repeatable)',
    '  --list-faults             print the fault catalogue and exit',
    '  --rate-limit-every N      answer every Nth request 429 with Retry-After: 0, as a target pacing clients',
    '  --require-app-id ID       require X-DFNS-APPID: ID on every request, as 2023-2024 deployments did',
    `  --credential-kind K       user-action credential key type: ${CREDENTIAL_KIND_OPTIONS.join(' or ')} (default EcdsaP256)`,
    '  --credential-key-file F   write the credential key there (mode 0600), or use the key already in F',
    '  --quiet                   no request log',
    '  -h, --help                this help',
    '',
    'It serves until Ctrl-C or SIGTERM.',
    'Exit code: 0 stopped; 2 bad options, or it could not start (the port is taken, the credential key',
    'file is unreadable).',
  ].join('\n');
}

interface Parsed {
  readonly help: boolean;
  readonly listFaults: boolean;
  readonly quiet: boolean;
  readonly port: number | undefined;
  readonly host: string | undefined;
  readonly signers: number | undefined;
  readonly threshold: number | undefined;
  readonly rateLimitEvery: number | undefined;
  readonly requireAppId: string | undefined;
  readonly faults: string[];
  readonly credentialKind: CredentialKindOption | undefined;
  readonly credentialKeyFile: string | undefined;
}

function integerFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw))
    throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function parse(argv: string[]): Parsed {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      signers: { type: 'string' },
      threshold: { type: 'string' },
      'rate-limit-every': { type: 'string' },
      'require-app-id': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'list-faults': { type: 'boolean' },
      'credential-kind': { type: 'string' },
      'credential-key-file': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const kind = values['credential-kind'];
  if (kind !== undefined && !(CREDENTIAL_KIND_OPTIONS as readonly string[]).includes(kind)) {
    throw new Error(
      `--credential-kind must be ${CREDENTIAL_KIND_OPTIONS.join(' or ')}, got ${JSON.stringify(kind)}`,
    );
  }
  return {
    help: values.help === true,
    listFaults: values['list-faults'] === true,
    quiet: values.quiet === true,
    port: integerFlag('port', values.port),
    host: values.host,
    signers: integerFlag('signers', values.signers),
    threshold: integerFlag('threshold', values.threshold),
    rateLimitEvery: integerFlag('rate-limit-every', values['rate-limit-every']),
    requireAppId: values['require-app-id'],
    faults: values.fault ?? [],
    credentialKind: kind as CredentialKindOption | undefined,
    credentialKeyFile: values['credential-key-file'],
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

export function startBanner(
  handle: ReferenceHandle,
  signers: number,
  threshold: number,
  rateLimitEvery?: number,
  requireAppId?: string,
): string {
  const faults = handle.faults.length === 0 ? 'none' : handle.faults.join(', ');
  return [
    `keys-conformance reference listening on ${handle.url}`,
    `  cluster:          ${signers} signers, threshold ${threshold}`,
    `  faults:           ${faults}`,
    ...(rateLimitEvery === undefined
      ? []
      : [`  rate limit:       1 request in ${rateLimitEvery} answered 429 (Retry-After: 0)`]),
    ...(requireAppId === undefined ? [] : [`  app id required:  X-DFNS-APPID: ${requireAppId}`]),
    `  bearer token:     ${handle.token}`,
    `  credential id:    ${handle.credential.id} (${handle.credential.kind})`,
    `  credential key:   ${handle.credentialKeyFile} (mode 0600)`,
    '',
    'Point the suite at it:',
    `  export KEYS_API_URL=${handle.url}`,
    `  export KEYS_API_TOKEN=${handle.token}`,
    `  export KEYS_API_CREDENTIAL_ID=${handle.credential.id}`,
    `  export KEYS_API_CREDENTIAL_KEY=${handle.credentialKeyFile}`,
    '  keys-conformance run',
    '',
    'Stop it with Ctrl-C.',
  ].join('\n');
}

/**
 * Returns the exit code; a command-line error parseArgs throws is left to the CLI's `main`, which words
 * it as it does for every command (the reference imports nothing of the suite but its crypto).
 */
export async function referenceCommand(argv: string[]): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw error;
    console.error(`keys-conformance reference: ${firstLine(error)} (see --help)`);
    return 2;
  }
  if (parsed.help) {
    console.log(referenceUsage());
    return 0;
  }
  if (parsed.listFaults) {
    console.log(faultListText());
    return 0;
  }
  let handle: ReferenceHandle;
  try {
    handle = await startReference({
      ...(parsed.port === undefined ? {} : { port: parsed.port }),
      ...(parsed.host === undefined ? {} : { host: parsed.host }),
      ...(parsed.signers === undefined ? {} : { signers: parsed.signers }),
      ...(parsed.threshold === undefined ? {} : { threshold: parsed.threshold }),
      ...(parsed.rateLimitEvery === undefined ? {} : { rateLimitEvery: parsed.rateLimitEvery }),
      ...(parsed.requireAppId === undefined ? {} : { requireAppId: parsed.requireAppId }),
      ...(parsed.credentialKind === undefined ? {} : { credentialKind: parsed.credentialKind }),
      ...(parsed.credentialKeyFile === undefined ? {} : { credentialKeyFile: parsed.credentialKeyFile }),
      faults: parsed.faults,
      quiet: parsed.quiet,
    });
  } catch (error) {
    console.error(`keys-conformance reference: ${firstLine(error)}`);
    return 2;
  }
  const signers = parsed.signers ?? DEFAULT_SIGNERS;
  console.log(
    startBanner(
      handle,
      signers,
      parsed.threshold ?? Math.min(DEFAULT_THRESHOLD, signers),
      parsed.rateLimitEvery,
      parsed.requireAppId,
    ),
  );
  await untilSignal();
  await handle.close();
  console.error('keys-conformance reference: stopped');
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
