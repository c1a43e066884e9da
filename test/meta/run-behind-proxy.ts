import type { ChildProcess } from 'node:child_process';
import { startReference } from '../../reference/index.ts';
import type { Client } from '../../src/client/client.ts';
import { startHoldingProxy, type HeldRequest } from '../helpers/holding-proxy.ts';
import { allKeys, referenceClient, targetEnv } from '../helpers/reference-client.ts';
import { runCli, type CliResult } from './run-cli.ts';

/** CreateKey and ImportKey: the calls after which the target holds a key the run must clean up. */
export function isKeyCreation({ method, url }: HeldRequest): boolean {
  return method === 'POST' && /^\/keys(\/import)?(\?|$)/.test(url);
}

export interface ProxiedRun {
  readonly result: CliResult;
  /** The keys the reference gained during the run. */
  readonly created: ReadonlySet<string>;
  /** A client of the reference itself, to read what the run left behind. */
  readonly client: Client;
  close(): Promise<void>;
}

/**
 * A CLI run against a fresh reference through a holding proxy: the answers `holds` picks arrive `holdMs`
 * late, and `onHold` gets the run's process when the first is held (to interrupt it inside that window).
 */
export async function runBehindHoldingProxy(
  args: readonly string[],
  options: {
    readonly holds: (request: HeldRequest) => boolean;
    readonly holdMs: number;
    readonly onHold?: (child: ChildProcess) => void;
  },
): Promise<ProxiedRun> {
  const reference = await startReference({ quiet: true });
  const client = referenceClient(reference);
  const before = new Set((await allKeys(client)).map((key) => String(key.id)));
  let run: ChildProcess | undefined;
  let held = false;
  const proxy = await startHoldingProxy({
    target: reference.url,
    holds: options.holds,
    holdMs: options.holdMs,
    onHold: () => {
      if (held || run === undefined) return;
      held = true;
      options.onHold?.(run);
    },
  });
  const close = async (): Promise<void> => {
    await client.close();
    await proxy.close();
    await reference.close();
  };
  try {
    const result = await runCli(args, {
      env: { ...targetEnv(reference), KEYS_API_URL: proxy.url },
      timeoutMs: 120_000,
      onSpawn: (child) => {
        run = child;
      },
    });
    const created = new Set<string>();
    for (const key of await allKeys(client)) if (!before.has(String(key.id))) created.add(String(key.id));
    return { result, created, client, close };
  } catch (error) {
    await close();
    throw error;
  }
}
