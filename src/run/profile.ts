import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describeSchemaError } from '../config/schema-error.ts';
import { quoteValue } from '../config/secret-looking.ts';
import { parseUserYaml, UserYamlError } from '../config/user-yaml.ts';

/**
 * A target profile says what a target offers, so that a staging stack without import, or another
 * implementation with a subset of signature kinds, is not reported nonconformant for what it never
 * claimed. Tests of a disabled capability are reported "not applicable", never "passed".
 */
export type Capability = 'import' | 'export' | 'delegation' | 'derive' | 'idempotency' | 'pagination';

export const CAPABILITIES: readonly Capability[] = [
  'import',
  'export',
  'delegation',
  'derive',
  'idempotency',
  'pagination',
];

export type Scheme = 'ECDSA' | 'EdDSA' | 'Schnorr' | 'DH';
export type Curve = 'secp256k1' | 'stark' | 'ed25519';

/** A scheme/curve pair the target creates, with the protocol it imports and exports it under. */
export interface KeyFormat {
  readonly scheme: Scheme;
  readonly curve: Curve;
  readonly protocol: string;
}

/**
 * Where the public record is silent ([I] in shared/reference), the profile says which behaviour to
 * expect, so the suite reports which way a target goes instead of hard-coding a guess.
 */
export interface Hypotheses {
  /** After ExportKey, is GenerateSignature refused? Dfns: "by default exported keys can no longer sign". */
  readonly exportedKeyRefusesSigning: boolean;
  /**
   * After DeleteKey, must GetKey still answer 200 with status Archived (true: a 404 is a finding), or may it
   * answer 404 (false: either answer passes; Active never does)?
   */
  readonly deletedKeyStillReadable: boolean;
  /** Does the target accept `hash` without the `0x` prefix (the documented pattern allows both)? */
  readonly hashWithout0x: boolean;
  /**
   * Does an EdDSA key sign a Hash request's 32 bytes as the Ed25519 message (key-crypto.md §6.2 [I])? When
   * false, the crypto suite verifies EdDSA Message signatures only.
   */
  readonly eddsaHashSignedAsMessage: boolean;
  /** Is a stark publicKey SEC1 compressed, 33 bytes (true) or uncompressed, 65 bytes (key-crypto.md §7 [I])? */
  readonly starkPublicKeyCompressed: boolean;
  /** Are Stark ECDSA signatures normalised to low-S, as cggmp21 does for every curve (key-crypto.md §6.4 [I])? */
  readonly starkSignaturesLowS: boolean;
}

export interface TargetProfile {
  readonly name: string;
  readonly description: string;
  readonly capabilities: Readonly<Record<Capability, boolean>>;
  readonly keyFormats: readonly KeyFormat[];
  /** GenerateSignature kinds the target signs, per scheme; other kinds may be refused with a 4xx. */
  readonly signatureKinds: Readonly<Partial<Record<Scheme, readonly string[]>>>;
  readonly hypotheses: Hypotheses;
  /**
   * An end user of the target's organisation that keys may be delegated to (`us-…`); delegation tests
   * need one. The embedded reference accepts any well-formed user id.
   */
  readonly endUserId?: string;
  /** The minSigners an ImportKey must carry (Dfns' SDK: "the API only accepts 3 for now"). */
  readonly importThreshold: number;
  /** Upper bound on ListKeys pages walked by one test (a target may hold many keys the run did not create). */
  readonly maxListPages: number;
}

const ALL_FORMATS: readonly KeyFormat[] = [
  { scheme: 'ECDSA', curve: 'secp256k1', protocol: 'CGGMP24' },
  { scheme: 'ECDSA', curve: 'stark', protocol: 'CGGMP24' },
  { scheme: 'EdDSA', curve: 'ed25519', protocol: 'FROST' },
  { scheme: 'Schnorr', curve: 'secp256k1', protocol: 'FROST_BITCOIN' },
  { scheme: 'DH', curve: 'secp256k1', protocol: 'GLOW20_DH' },
];

const FULL: TargetProfile = {
  name: 'full',
  description:
    'Every capability of the contract that the embedded reference target implements (the default).',
  capabilities: {
    import: true,
    export: true,
    delegation: true,
    derive: true,
    idempotency: true,
    pagination: true,
  },
  keyFormats: ALL_FORMATS,
  signatureKinds: { ECDSA: ['Hash'], EdDSA: ['Hash', 'Message'], Schnorr: ['Hash'] },
  hypotheses: {
    exportedKeyRefusesSigning: true,
    deletedKeyStillReadable: true,
    hashWithout0x: true,
    eddsaHashSignedAsMessage: true,
    starkPublicKeyCompressed: true,
    starkSignaturesLowS: true,
  },
  endUserId: 'us-kconf-users-kconfenduser001',
  importThreshold: 3,
  // A full run against a fresh target leaves about 520 keys, all listed: the bound must stay well above
  // that, or the pagination tests of a clean run would stop short depending on the order files run in.
  maxListPages: 2000,
};

const { endUserId: _none, ...FULL_WITHOUT_USER } = FULL;

const DFNS: TargetProfile = {
  ...FULL_WITHOUT_USER,
  name: 'dfns',
  description:
    'The hosted Dfns API with default contracts: import and export need a contractual addendum, so they are off; delegation needs an end user (set endUserId in a profile file that extends dfns).',
  capabilities: { ...FULL.capabilities, import: false, export: false },
};

export const BUILTIN_PROFILES: Readonly<Record<string, TargetProfile>> = { full: FULL, dfns: DFNS };

export class ProfileError extends Error {
  override readonly name = 'ProfileError';
}

const KEY_FORMAT_SCHEMA = {
  type: 'object',
  required: ['scheme', 'curve', 'protocol'],
  additionalProperties: false,
  properties: {
    scheme: { enum: ['ECDSA', 'EdDSA', 'Schnorr', 'DH'] },
    curve: { enum: ['secp256k1', 'stark', 'ed25519'] },
    protocol: { type: 'string', minLength: 1 },
  },
} as const;

/** A profile file: a built-in to start from (`extends`) and the fields it overrides. */
const PROFILE_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    extends: { enum: Object.keys(BUILTIN_PROFILES) },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    capabilities: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(CAPABILITIES.map((c) => [c, { type: 'boolean' }])),
    },
    keyFormats: { type: 'array', items: KEY_FORMAT_SCHEMA },
    signatureKinds: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        ['ECDSA', 'EdDSA', 'Schnorr', 'DH'].map((s) => [
          s,
          { type: 'array', items: { type: 'string', minLength: 1 } },
        ]),
      ),
    },
    hypotheses: {
      type: 'object',
      additionalProperties: false,
      properties: {
        exportedKeyRefusesSigning: { type: 'boolean' },
        deletedKeyStillReadable: { type: 'boolean' },
        hashWithout0x: { type: 'boolean' },
        eddsaHashSignedAsMessage: { type: 'boolean' },
        starkPublicKeyCompressed: { type: 'boolean' },
        starkSignaturesLowS: { type: 'boolean' },
      },
    },
    endUserId: { type: 'string', pattern: '^us-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{14,16}$' },
    importThreshold: { type: 'integer', minimum: 2 },
    maxListPages: { type: 'integer', minimum: 1 },
  },
} as const;

const validateProfileFile = new Ajv2020({ allErrors: true, strict: true }).compile(PROFILE_FILE_SCHEMA);

/** A built-in profile name, or a YAML/JSON file that extends one. */
export function loadProfile(nameOrFile: string): TargetProfile {
  const builtin = BUILTIN_PROFILES[nameOrFile];
  if (builtin) return builtin;
  let text: string;
  try {
    text = readFileSync(nameOrFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ProfileError(
      `profile ${quoteValue(nameOrFile)} is neither a built-in (${Object.keys(BUILTIN_PROFILES).join(', ')}) nor a readable file (${code})`,
    );
  }
  let data: unknown;
  try {
    data = parseUserYaml(text);
  } catch (error) {
    if (!(error instanceof UserYamlError)) throw error;
    throw new ProfileError(`profile ${nameOrFile}: ${error.message}`);
  }
  if (!validateProfileFile(data)) {
    const first = validateProfileFile.errors?.[0];
    throw new ProfileError(
      `profile ${nameOrFile}: ${first === undefined ? 'is invalid' : describeSchemaError(first, PROFILE_FILE_SCHEMA, 'profile fields')}`,
    );
  }
  return mergeProfile(data as ProfileFile, nameOrFile);
}

interface ProfileFile {
  readonly extends?: string;
  readonly name?: string;
  readonly description?: string;
  readonly capabilities?: Partial<Record<Capability, boolean>>;
  readonly keyFormats?: readonly KeyFormat[];
  readonly signatureKinds?: Partial<Record<Scheme, readonly string[]>>;
  readonly hypotheses?: Partial<Hypotheses>;
  readonly endUserId?: string;
  readonly importThreshold?: number;
  readonly maxListPages?: number;
}

function mergeProfile(file: ProfileFile, source: string): TargetProfile {
  const base = BUILTIN_PROFILES[file.extends ?? 'full'] ?? FULL;
  return {
    name: file.name ?? source,
    description: file.description ?? `${source} (extends ${base.name})`,
    capabilities: { ...base.capabilities, ...file.capabilities },
    keyFormats: file.keyFormats ?? base.keyFormats,
    signatureKinds: file.signatureKinds ?? base.signatureKinds,
    hypotheses: { ...base.hypotheses, ...file.hypotheses },
    ...((file.endUserId ?? base.endUserId) ? { endUserId: file.endUserId ?? base.endUserId } : {}),
    importThreshold: file.importThreshold ?? base.importThreshold,
    maxListPages: file.maxListPages ?? base.maxListPages,
  };
}

/** The scheme/curve pairs a suite should exercise: the profile's, or none when the scheme is absent. */
export function formatFor(profile: TargetProfile, scheme: Scheme, curve: Curve): KeyFormat | undefined {
  return profile.keyFormats.find((f) => f.scheme === scheme && f.curve === curve);
}
