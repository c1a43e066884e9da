import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { scratchDir } from './scratch-dirs.ts';
import { RUN_SLOTS, runSlot } from './run-slots.ts';

/** The meta-tests' whole runs go RUN_SLOTS at a time across every test process (test/helpers/run-slots.ts). */
describe('run slots', () => {
  it('give out RUN_SLOTS slots, and the next waits until one is given back', async () => {
    const dir = scratchDir('kc-slots-');
    const held = await Promise.all(Array.from({ length: RUN_SLOTS }, () => runSlot(dir)));
    let third = false;
    const waiting = runSlot(dir).then((release) => {
      third = true;
      return release;
    });
    await sleep(200);
    expect(third).toBe(false);
    held[0]!();
    (await waiting)();
    expect(third).toBe(true);
    for (const release of held.slice(1)) release();
  });

  it('take back a slot whose holder died', async () => {
    const dir = scratchDir('kc-slots-');
    // A pid that was alive and is no more: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout;
    for (let slot = 0; slot < RUN_SLOTS; slot += 1) writeFileSync(join(dir, `slot-${slot}`), dead);
    const release = await runSlot(dir);
    release();
    expect(existsSync(join(dir, 'slot-0'))).toBe(false);
  });
});
