import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { createClient, type Client } from '../../src/client/client.ts';
import { cleanupLedger, sweepNamedKeys } from '../../src/run/cleanup.ts';
import { appendToLedger, readLedger } from '../../src/run/ledger.ts';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.ts';
import { createTestKey, keyStatus, referenceClient } from '../helpers/reference-client.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

const freshLedger = (): string => join(scratchDir('kc-sweep-'), 'run.jsonl');

describe('sweepNamedKeys and cleanupLedger against the reference', () => {
  let reference: ReferenceHandle;
  let client: Client;

  beforeAll(async () => {
    reference = await startReference({ quiet: true });
    client = referenceClient(reference);
  });

  afterAll(async () => {
    await client.close();
    await reference.close();
  });

  it('sweepNamedKeys deletes the Active keys named with the prefix that the ledger lacks, and records them in it', async () => {
    const missed = await createTestKey(client, 'kc-run1-missed');
    const ledgered = await createTestKey(client, 'kc-run1-ledgered');
    const another = await createTestKey(client, 'kc-run2-other-run');
    const unnamed = await createTestKey(client, 'operator key');
    const ledger = freshLedger();
    appendToLedger(ledger, { keyId: ledgered, runId: 'run1', createdAt: 'now' });

    const sweep = await sweepNamedKeys(client, ledger, 'run1');

    expect(sweep.found).toEqual([missed]);
    expect(readLedger(ledger).map((e) => e.keyId)).toEqual([ledgered, missed]);
    expect(
      await Promise.all([missed, ledgered, another, unnamed].map((id) => keyStatus(client, id))),
    ).toEqual(['Archived', 'Active', 'Active', 'Active']);
  });

  it('cleanupLedger says how far it is while keys are left, never once all are done', async () => {
    const ledger = freshLedger();
    for (let i = 0; i < 6; i += 1) {
      appendToLedger(ledger, { keyId: await createTestKey(client), runId: 'r', createdAt: 'now' });
    }
    const lines: string[] = [];
    const result = await cleanupLedger(client, ledger, { everyMs: 0, print: (line) => lines.push(line) });
    expect(result.deleted).toHaveLength(6);
    // Four deletions run at once: a line as each of the first ones ends while others wait in the queue.
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => /^ {2}… [1-5] of 6 keys cleaned up \([1-5] deleted\)$/.test(line))).toBe(
      true,
    );
  });
});

describe('sweepNamedKeys against a target whose pagination never ends', () => {
  let server: LoopbackServer | undefined;
  let client: Client | undefined;

  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('stops when ListKeys gives a page token twice, and says so', async () => {
    server = await startLoopbackServer((_request, response) => {
      sendJson(response, 200, { items: [], nextPageToken: 'again' });
    });
    client = createClient({ baseUrl: server.url, token: 't' });
    const sweep = await sweepNamedKeys(client, freshLedger(), 'run1');
    expect([sweep.found, sweep.incomplete]).toEqual([[], 'ListKeys gave a page token twice']);
  });

  it('passes over items that are not keys, and reads on', async () => {
    server = await startLoopbackServer((_request, response) => {
      sendJson(response, 200, { items: [null, 'key', { id: 7, name: 'kc-run1-x', status: 'Active' }] });
    });
    client = createClient({ baseUrl: server.url, token: 't' });
    const sweep = await sweepNamedKeys(client, freshLedger(), 'run1');
    expect([sweep.found, sweep.incomplete]).toEqual([[], undefined]);
  });

  it('stops when ListKeys fails, and says how', async () => {
    server = await startLoopbackServer((_request, response) => {
      sendJson(response, 503, { error: { message: 'down' } });
    });
    client = createClient({ baseUrl: server.url, token: 't' });
    const sweep = await sweepNamedKeys(client, freshLedger(), 'run1');
    expect(sweep.incomplete).toBe('ListKeys answered 503');
  });
});
