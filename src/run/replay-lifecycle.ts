import { randomBytes } from '@noble/hashes/utils.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { errorMessage, responseObject, truncate } from '../checks/body.ts';
import { isAuthRefusal, isSuccess } from '../checks/check.ts';
import { positiveDataAccepted } from '../checks/data.ts';
import { delegationRules, useAfterDelete } from '../checks/lifecycle.ts';
import {
  schnorrBip340UnderTaprootKey,
  signatureVerifies,
  signingRefusedAfterExport,
  type SignedPayload,
} from '../checks/crypto/index.ts';
import type { Exchange } from '../client/exchange.ts';
import { curveByName } from '../crypto/curves.ts';
import { generateExportKeyPair } from '../crypto/export-recovery.ts';
import { buildImportRequest, type SignerInfo } from '../crypto/import-request.ts';
import { hashRequest } from '../harness/applicability.ts';
import type { Harness } from '../harness/harness.ts';
import { PreconditionError } from '../harness/precondition.ts';
import { listSigners } from '../harness/valid-requests.ts';
import { formatFor, type Curve, type Scheme } from './profile.ts';

/**
 * The key lifecycle as data, and the model a target is held to. A step is one call (create, import, rename,
 * delete, delegate, sign, export, read, list) on a key named by its index among the keys the sequence
 * created; `runLifecycleStep` sends it, judges the answer against the model, updates the model, and then
 * checks the invariants that must hold after every step. The stateful suite drives these steps as
 * fast-check commands; `keys-conformance replay` runs a recorded (shrunk) sequence again.
 *
 * What the model demands, and what it leaves open where the public record is silent ([I]):
 * - ListKeys (walked newest first until every key of the sequence is seen) lists every live key of the
 *   sequence exactly once, with the model's scheme, curve, publicKey, name, custody, exported and imported
 *   flags; a deleted key is listed as Archived or not at all; no id appears twice or is issued twice.
 * - A deleted key never signs (use_after_delete), nor reads back Active; an exported key never signs when the
 *   profile says exported keys refuse (signing_refused_after_export); every signature verifies under its
 *   key (signature_verifies, schnorr_bip340_under_taproot_key).
 * - Valid calls on live keys are accepted (positive_data_accepted); delegation follows its rules
 *   (delegation_rules). Renaming, deleting, delegating or exporting a deleted key, exporting twice, and
 *   signing with a delegated key are not judged [I]: if the target accepts, the model follows.
 */

export type LifecycleStep =
  | {
      readonly op: 'CreateKey';
      readonly scheme: Scheme;
      readonly curve: Curve;
      readonly delayDelegation: boolean;
    }
  | { readonly op: 'ImportKey' }
  | { readonly op: 'UpdateKey'; readonly key: number; readonly name: string | null }
  | { readonly op: 'DeleteKey'; readonly key: number }
  | { readonly op: 'DelegateKey'; readonly key: number }
  | { readonly op: 'GenerateSignature'; readonly key: number; readonly hash: string }
  | { readonly op: 'ExportKey'; readonly key: number }
  | { readonly op: 'GetKey'; readonly key: number }
  | { readonly op: 'ListKeys' };

export type LifecycleOp = LifecycleStep['op'];

export const LIFECYCLE_OPS: readonly LifecycleOp[] = [
  'CreateKey',
  'ImportKey',
  'UpdateKey',
  'DeleteKey',
  'DelegateKey',
  'GenerateSignature',
  'ExportKey',
  'GetKey',
  'ListKeys',
];

/** The replay input of a stateful finding: the (shrunk) sequence that failed. */
export interface LifecycleReplayInput {
  readonly kind: 'lifecycle';
  readonly steps: readonly LifecycleStep[];
}

/** What the target should hold for one key of the sequence. */
export interface ModelKey {
  readonly id: string;
  readonly scheme: Scheme;
  readonly curve: Curve;
  readonly publicKey: string;
  readonly delayDelegation: boolean;
  readonly imported: boolean;
  name: string | undefined;
  deleted: boolean;
  exported: boolean;
  delegated: boolean;
}

/** One sequence's model, and the record of what ran. */
export interface LifecycleWorld {
  readonly keys: ModelKey[];
  /** Every id the target issued to this sequence. */
  readonly issued: Set<string>;
  /** The steps as run (indexes resolved), for the finding and replay. */
  readonly steps: LifecycleStep[];
  /** One line per step: what was sent and what came back. */
  readonly log: string[];
  signers?: SignerInfo[];
  /** The first step the target refused at authentication (401/403): its answer and its line of the log. */
  refusedAtAuth?: { readonly exchange: Exchange; readonly step: string };
}

export function newWorld(): LifecycleWorld {
  return { keys: [], issued: new Set(), steps: [], log: [] };
}

const LIFECYCLE = 'lifecycle_model' as const;

/** One line for a step, as the finding lists it: `DeleteKey(#0)`, `GenerateSignature(#1, 0x00ab…)`. */
export function describeStep(step: LifecycleStep): string {
  switch (step.op) {
    case 'CreateKey':
      return `CreateKey(${step.scheme}/${step.curve}${step.delayDelegation ? ', delayDelegation' : ''})`;
    case 'ImportKey':
      return 'ImportKey(a fresh secp256k1 key)';
    case 'UpdateKey':
      return `UpdateKey(#${step.key}, name ${JSON.stringify(step.name)})`;
    case 'GenerateSignature':
      return `GenerateSignature(#${step.key}, ${step.hash.slice(0, 10)}…)`;
    case 'ListKeys':
      return 'ListKeys()';
    default:
      return `${step.op}(#${step.key})`;
  }
}

function statusOf(exchange: Exchange): string {
  return exchange.response === undefined
    ? (exchange.failure?.kind ?? 'no response')
    : String(exchange.response.status);
}

/** A step's answer for the log: a refusal carries the target's reason, which says why a later step lacks its key. */
function outcomeOf(exchange: Exchange): string {
  const message = errorMessage(exchange);
  if (message === undefined) return statusOf(exchange);
  // One line: replay prints the first line of the error that quotes this log.
  return `${statusOf(exchange)} ("${truncate(message.replace(/\s+/g, ' '), 120)}")`;
}

function keyAt(world: LifecycleWorld, index: number, step: LifecycleStep): ModelKey {
  const key = world.keys[index];
  if (key === undefined) {
    throw new PreconditionError(
      // A key is missing because an earlier step was refused: the log says which, and the target's reason.
      `${describeStep(step)} names key #${index}, but the sequence has ${world.keys.length} key(s) at that point` +
        (world.log.length === 0 ? '' : ` (${world.log.join('; ')})`),
    );
  }
  return key;
}

/** A name for keys the sequence creates: the run's prefix, so operators see who made them. */
function createdName(h: Harness, world: LifecycleWorld): string {
  return h.keyName(`lc${world.keys.length}`);
}

/** Sends one step, judges it, updates the model, then checks the invariants. */
export async function runLifecycleStep(
  h: Harness,
  world: LifecycleWorld,
  step: LifecycleStep,
): Promise<void> {
  world.steps.push(step);
  const exchange = await sendStep(h, world, step);
  const line = `${world.steps.length}. ${describeStep(step)} → ${outcomeOf(exchange)}`;
  world.log.push(line);
  if (isAuthRefusal(exchange.response?.status) && world.refusedAtAuth === undefined) {
    world.refusedAtAuth = { exchange, step: line };
  }
  if (step.op !== 'ListKeys') await checkListing(h, world);
}

async function sendStep(h: Harness, world: LifecycleWorld, step: LifecycleStep): Promise<Exchange> {
  switch (step.op) {
    case 'CreateKey': {
      const name = createdName(h, world);
      const body = {
        scheme: step.scheme,
        curve: step.curve,
        name,
        ...(step.delayDelegation ? { delayDelegation: true } : {}),
      };
      const exchange = await h.call('CreateKey', { body });
      h.check(positiveDataAccepted, exchange, {
        description: `${describeStep(step)} in a lifecycle sequence`,
      });
      const key = responseObject(exchange);
      if (isSuccess(exchange.response?.status ?? 0) && typeof key?.id === 'string') {
        issued(h, world, key.id, exchange);
        world.keys.push({
          id: key.id,
          scheme: step.scheme,
          curve: step.curve,
          publicKey: String(key.publicKey),
          delayDelegation: step.delayDelegation,
          imported: false,
          name,
          deleted: false,
          exported: false,
          delegated: false,
        });
      }
      return exchange;
    }
    case 'ImportKey': {
      world.signers ??= await listSigners(h);
      const format = formatFor(h.profile, 'ECDSA', 'secp256k1');
      if (format === undefined)
        throw new PreconditionError(`profile ${h.profile.name} has no ECDSA/secp256k1 keys`);
      const name = createdName(h, world);
      const request = buildImportRequest({
        secret: (bytesToNumberBE(randomBytes(48)) % (curveByName('secp256k1').order - 1n)) + 1n,
        curve: 'secp256k1',
        protocol: format.protocol,
        minSigners: h.profile.importThreshold,
        signers: world.signers,
        name,
      });
      const exchange = await h.call('ImportKey', { body: request.body });
      h.check(positiveDataAccepted, exchange, {
        description: 'ImportKey of a fresh key in a lifecycle sequence',
      });
      const key = responseObject(exchange);
      if (isSuccess(exchange.response?.status ?? 0) && typeof key?.id === 'string') {
        issued(h, world, key.id, exchange);
        world.keys.push({
          id: key.id,
          scheme: 'ECDSA',
          curve: 'secp256k1',
          // The key the suite split, not the one the target reports: a wrong report is then a finding.
          publicKey: request.publicKey,
          delayDelegation: false,
          imported: true,
          name,
          deleted: false,
          exported: false,
          delegated: false,
        });
      }
      return exchange;
    }
    case 'UpdateKey': {
      const key = keyAt(world, step.key, step);
      const exchange = await h.call('UpdateKey', {
        pathParams: { keyId: key.id },
        body: { name: step.name },
      });
      if (!key.deleted)
        h.check(positiveDataAccepted, exchange, { description: `rename of live key ${key.id}` });
      if (isSuccess(exchange.response?.status ?? 0)) key.name = step.name ?? undefined;
      return exchange;
    }
    case 'DeleteKey': {
      const key = keyAt(world, step.key, step);
      const exchange = await h.call('DeleteKey', { pathParams: { keyId: key.id } });
      if (!key.deleted)
        h.check(positiveDataAccepted, exchange, { description: `DeleteKey of live key ${key.id}` });
      if (isSuccess(exchange.response?.status ?? 0)) key.deleted = true;
      return exchange;
    }
    case 'DelegateKey': {
      const key = keyAt(world, step.key, step);
      const delegateTo = h.profile.endUserId;
      if (delegateTo === undefined)
        throw new PreconditionError(`profile ${h.profile.name} names no endUserId`);
      const exchange = await h.call('DelegateKey', { pathParams: { keyId: key.id }, body: { delegateTo } });
      if (!key.deleted && !key.exported) {
        const allowed = key.delayDelegation && !key.delegated;
        const reason = !key.delayDelegation
          ? 'it was created without delayDelegation'
          : key.delegated
            ? 'it is already delegated'
            : 'it was created with delayDelegation and is not yet delegated';
        h.check(delegationRules, exchange, { keyId: key.id, allowed, reason });
      }
      if (isSuccess(exchange.response?.status ?? 0)) key.delegated = true;
      return exchange;
    }
    case 'GenerateSignature':
      return sign(h, world, step);
    case 'ExportKey': {
      const key = keyAt(world, step.key, step);
      const format = formatFor(h.profile, key.scheme, key.curve);
      const exchange = await h.call('ExportKey', {
        pathParams: { keyId: key.id },
        body: {
          encryptionKey: generateExportKeyPair().encryptionKeyWire,
          supportedSchemes: [{ protocol: format?.protocol ?? 'CGGMP24', curve: key.curve }],
        },
      });
      if (!key.deleted && !key.exported) {
        h.check(positiveDataAccepted, exchange, { description: `ExportKey of live key ${key.id}` });
      }
      if (isSuccess(exchange.response?.status ?? 0)) key.exported = true;
      return exchange;
    }
    case 'GetKey': {
      const key = keyAt(world, step.key, step);
      const exchange = await h.call('GetKey', { pathParams: { keyId: key.id } });
      if (key.deleted) {
        h.check(useAfterDelete, exchange, {
          keyId: key.id,
          action: 'read',
          stillReadable: h.profile.hypotheses.deletedKeyStillReadable,
        });
      } else {
        const read = responseObject(exchange);
        if (exchange.response?.status !== 200 || read === undefined) {
          h.report({
            checkId: LIFECYCLE,
            subject: 'a live key reads back',
            message: `GetKey answered ${statusOf(exchange)} for live key ${key.id}`,
            exchange,
          });
        } else {
          reportDifferences(h, world, key, read, exchange, 'GetKey');
        }
      }
      return exchange;
    }
    case 'ListKeys':
      return checkListing(h, world);
  }
}

function issued(h: Harness, world: LifecycleWorld, id: string, exchange: Exchange): void {
  if (world.issued.has(id)) {
    h.report({
      checkId: LIFECYCLE,
      subject: 'ids are unique',
      message: `the target issued id ${id} a second time`,
      exchange,
      evidence: { steps: [...world.log] },
    });
  }
  world.issued.add(id);
}

async function sign(
  h: Harness,
  world: LifecycleWorld,
  step: Extract<LifecycleStep, { op: 'GenerateSignature' }>,
): Promise<Exchange> {
  const key = keyAt(world, step.key, step);
  if (key.scheme === 'DH') throw new PreconditionError(`${describeStep(step)}: DH keys do not sign`);
  const body = hashRequest(key.scheme, step.hash);
  const exchange = await h.call('GenerateSignature', { pathParams: { keyId: key.id }, body });
  const refusesAfterExport = h.profile.hypotheses.exportedKeyRefusesSigning;
  if (key.deleted) h.check(useAfterDelete, exchange, { keyId: key.id, action: 'sign' });
  else if (key.exported)
    h.check(signingRefusedAfterExport, exchange, { keyId: key.id, refuses: refusesAfterExport });
  else if (!key.delegated) {
    h.check(positiveDataAccepted, exchange, { description: `a hash signed by live key ${key.id}` });
  }
  if (isSuccess(exchange.response?.status ?? 0)) {
    const payload: SignedPayload = {
      keyId: key.id,
      scheme: key.scheme,
      curve: key.curve,
      publicKey: key.publicKey,
      kind: 'Hash',
      data: step.hash,
      ...(key.scheme === 'Schnorr' ? { taprootMerkleRoot: '' } : {}),
      starkSignaturesLowS: h.profile.hypotheses.starkSignaturesLowS,
    };
    if (key.scheme === 'Schnorr') h.check(schnorrBip340UnderTaprootKey, exchange, payload);
    else if (key.scheme !== 'EdDSA' || h.profile.hypotheses.eddsaHashSignedAsMessage) {
      h.check(signatureVerifies, exchange, payload);
    }
  }
  return exchange;
}

const NO_NAME: readonly unknown[] = [undefined, null, ''];

/** The fields of a listed or read key that differ from the model. */
function differences(key: ModelKey, read: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  const expect = (field: string, expected: unknown, ok: boolean): void => {
    if (!ok)
      out.push(`${field} is ${JSON.stringify(read[field])}, the model says ${JSON.stringify(expected)}`);
  };
  expect('scheme', key.scheme, read.scheme === key.scheme);
  expect('curve', key.curve, read.curve === key.curve);
  expect('publicKey', key.publicKey, String(read.publicKey).toLowerCase() === key.publicKey.toLowerCase());
  expect(
    'name',
    key.name ?? null,
    key.name === undefined ? NO_NAME.includes(read.name) : read.name === key.name,
  );
  expect('custodial', !key.delegated, read.custodial === !key.delegated);
  expect('exported', key.exported, read.exported === key.exported);
  expect('imported', key.imported, read.imported === key.imported);
  // Whether an exported key stays Active is open [I]; a deleted one must not read Active.
  if (key.deleted) expect('status', 'Archived', read.status === 'Archived');
  else if (!key.exported) expect('status', 'Active', read.status === 'Active');
  return out;
}

function reportDifferences(
  h: Harness,
  world: LifecycleWorld,
  key: ModelKey,
  read: Readonly<Record<string, unknown>>,
  exchange: Exchange,
  where: string,
): void {
  const found = differences(key, read);
  if (found.length === 0) return;
  h.report({
    checkId: key.deleted && read.status !== 'Archived' ? 'use_after_delete' : LIFECYCLE,
    subject:
      key.deleted && read.status !== 'Archived' ? 'a deleted key stays deleted' : `${where} equals the model`,
    message: `${where}: key ${key.id}: ${found.join('; ')}`,
    exchange,
    evidence: { keyId: key.id, differences: found },
  });
}

/**
 * Walks ListKeys, newest first, until every key of the sequence that must be listed has been seen (other
 * keys of the target are passed over, never judged), and holds the listing to the model.
 */
async function checkListing(h: Harness, world: LifecycleWorld): Promise<Exchange> {
  const expected = new Map(world.keys.map((k) => [k.id, k]));
  const mustSee = new Set(world.keys.filter((k) => !k.deleted).map((k) => k.id));
  const seen = new Set<string>();
  let token: string | undefined;
  let last: Exchange | undefined;
  for (let page = 0; page < h.profile.maxListPages; page += 1) {
    const exchange = await h.call('ListKeys', {
      query: { limit: 50, ...(token === undefined ? {} : { paginationToken: token }) },
    });
    last = exchange;
    const body = responseObject(exchange);
    if (exchange.response?.status !== 200 || body === undefined || !Array.isArray(body.items)) {
      h.report({
        checkId: LIFECYCLE,
        subject: 'listed keys equal the model',
        message: `ListKeys answered ${statusOf(exchange)} while the sequence checked its keys`,
        exchange,
      });
      return exchange;
    }
    for (const item of body.items as unknown[]) {
      const read = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
      const id = read.id;
      if (typeof id !== 'string') continue;
      if (seen.has(id)) {
        h.report({
          checkId: LIFECYCLE,
          subject: 'ids are unique',
          message: `ListKeys lists key ${id} twice`,
          exchange,
          evidence: { keyId: id },
        });
      }
      seen.add(id);
      mustSee.delete(id);
      const key = expected.get(id);
      if (key !== undefined) reportDifferences(h, world, key, read, exchange, 'ListKeys');
    }
    token = typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined;
    if (mustSee.size === 0 || token === undefined) break;
  }
  if (mustSee.size > 0 && last !== undefined) {
    h.report({
      checkId: LIFECYCLE,
      subject: 'listed keys equal the model',
      message: `ListKeys does not list live key(s) ${[...mustSee].join(', ')} of the sequence`,
      exchange: last,
      evidence: { missing: [...mustSee] },
    });
  }
  if (last === undefined)
    throw new PreconditionError('the profile allows no ListKeys page (maxListPages is 0)');
  return last;
}
