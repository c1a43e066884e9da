import { formatOf, KEY_FORMATS, type KeyFormat, type Protocol, type Scheme } from '../cluster/key-formats.ts';
import { generateKeyShares } from '../cluster/cluster.ts';
import { isCurveName } from '../../src/crypto/curves.ts';
import { badRequest, conflict, notFound, quote } from '../errors.ts';
import { entityId, freshId } from '../ids.ts';
import { isoDate, type ReferenceState } from '../state.ts';
import { paginate } from '../store/pagination.ts';
import { assertNotDeleted, findKey, renamedKeys } from './key-rules.ts';
import { fields, ok, stringParam, type Handler } from './handler.ts';
import { keyDetailsView, keyView } from './views.ts';

/** CreateKey, ListKeys, GetKey, UpdateKey, DeleteKey, DelegateKey (keys-api.md §4.1-4.6). */

/** A new key id; the `key-id-underscore` fault issues `key_…` instead. */
export function newKeyId(state: ReferenceState): string {
  const separator = state.faults.on('key-id-underscore') ? '_' : '-';
  return freshId(
    () => entityId('key', separator),
    (id) => state.keys.has(id),
  );
}

const LONG_NAME_FAULT_LIMIT = 50;

export const createKey: Handler = ({ state, body }) => {
  const b = fields(body);
  const scheme = b.scheme as Scheme;
  const curve = b.curve as string;
  const format = formatOf(scheme, curve) ?? invalidPair(state, scheme, curve);
  if (b.deriveFrom !== undefined) {
    throw badRequest('deriveFrom (HD child keys) is not supported by this target; create the key without it');
  }
  if (b.storeId !== undefined && b.storeId !== state.storeId) {
    throw notFound(`key store ${quote(b.storeId)} not found (this target has one store, ${state.storeId})`);
  }
  const delegateTo = b.delegateTo as string | undefined;
  const delayDelegation = b.delayDelegation === true;
  if (delegateTo !== undefined && delayDelegation) {
    throw badRequest(
      'delegateTo and delayDelegation: true cannot be combined: delegate now, or delay and call DelegateKey later',
    );
  }
  const name = b.name as string | undefined;
  if (
    state.faults.on('create-key-rejects-long-name') &&
    name !== undefined &&
    name.length > LONG_NAME_FAULT_LIMIT
  ) {
    throw badRequest(`body.name must NOT have more than ${LONG_NAME_FAULT_LIMIT} characters`);
  }
  if (
    state.faults.on('create-key-zwj-name-500') &&
    name !== undefined &&
    Array.from(name).length === 100 &&
    name.includes('\u200d')
  ) {
    throw new Error('fault create-key-zwj-name-500: a full-length name with a zero-width joiner crashes');
  }
  const id = newKeyId(state);
  const publicKey = generateKeyShares(state.cluster, id, format.curve);
  const key = state.keys.add({
    id,
    scheme: format.scheme,
    curve: format.curve,
    protocol: format.protocol,
    publicKey,
    masterKey: b.masterKey === true,
    dateCreated: isoDate(state),
    delayDelegation,
    name,
    status: 'Active',
    custodial: delegateTo === undefined,
    owner: delegateTo,
    imported: false,
    exported: false,
    dateExported: undefined,
    dateDeleted: undefined,
  });
  return ok(keyView(key, state.faults));
};

function invalidPair(state: ReferenceState, scheme: Scheme, curve: string): KeyFormat {
  if (state.faults.on('create-key-accepts-invalid-pair') && isCurveName(curve)) {
    // The faulty target makes a key of the curve anyway; it cannot sign, but it exists.
    const protocol: Protocol = curve === 'ed25519' ? 'FROST' : 'CGGMP24';
    return { scheme, curve, protocol };
  }
  const valid = KEY_FORMATS.map((f) => `${f.scheme}/${f.curve}`).join(', ');
  throw badRequest(`scheme ${scheme} cannot be used with curve ${curve}; valid pairs are ${valid}`);
}

export const listKeys: Handler = ({ state, params }) => {
  const owner = params.owner as string | undefined;
  const all = state.keys.newestFirst().filter((k) => owner === undefined || k.owner === owner);
  const shift = state.faults.on('pagination-drops-item')
    ? 1
    : state.faults.on('pagination-repeats-item')
      ? -1
      : 0;
  const page = paginate(
    all,
    'keys',
    params.limit as number,
    params.paginationToken as string | undefined,
    shift,
  );
  return ok({
    items: page.items.map((k) => keyView(k, state.faults)),
    ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }),
  });
};

export const getKey: Handler = ({ state, params }) => {
  const keyId = stringParam(params, 'keyId');
  if (state.faults.on('get-key-always-404')) throw notFound(`key ${quote(keyId)} not found`);
  return ok(keyDetailsView(findKey(state, keyId), state));
};

export const updateKey: Handler = ({ state, params, body }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  assertNotDeleted(key, 'be renamed');
  const name = fields(body).name as string | null;
  if (name === null && state.faults.on('update-key-null-name-500')) {
    throw new Error('fault update-key-null-name-500: clearing a name crashes');
  }
  key.name = name ?? undefined;
  if (state.faults.on('signs-after-rename-and-delete')) renamedKeys.add(key);
  if (state.faults.on('update-resets-flags')) {
    // The bug of an update that writes a fresh record: a new dateCreated (at least 1 ms later, so the change
    // shows even when the update follows the creation within a millisecond) and default flags.
    key.dateCreated = new Date(Math.max(state.now(), Date.parse(key.dateCreated) + 1)).toISOString();
    key.custodial = true;
    key.imported = false;
  }
  return ok(keyView(key, state.faults));
};

export const deleteKey: Handler = ({ state, params }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  assertNotDeleted(key, 'be deleted again');
  key.dateDeleted = isoDate(state);
  if (!state.faults.on('delete-leaves-active')) key.status = 'Archived';
  return ok(keyView(key, state.faults));
};

export const delegateKey: Handler = ({ state, params, body }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  assertNotDeleted(key, 'be delegated');
  if (!key.delayDelegation && !state.faults.on('delegates-without-delay')) {
    throw badRequest(
      `key ${key.id} was not created with delayDelegation: true, so it cannot be delegated later`,
    );
  }
  if (key.owner !== undefined && !state.faults.on('delegates-twice')) {
    throw conflict(`key ${key.id} is already delegated; delegation cannot be repeated or undone`);
  }
  key.owner = fields(body).delegateTo as string;
  key.custodial = false;
  return ok({ keyId: key.id, status: 'Delegated' });
};
