import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Slots for whole CLI runs, shared by every test file of one `vitest` (each file is a process of its own).
 * A run is a vitest of its own plus a reference: two at a time keep a two-core machine busy, more only
 * make every run slower. Meta files run side by side and with the unit files, so the limit must hold
 * across processes: a slot is a file created exclusively in a folder the test config names
 * (KC_RUN_SLOTS), holding the pid of the process that took it.
 */
export const RUN_SLOTS = 2;
const POLL_MS = 50;

function folder(): string {
  // A file run under another config shares no folder: its runs are limited among themselves.
  return process.env.KC_RUN_SLOTS ?? join(tmpdir(), `kc-run-slots-${process.pid}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(dir: string, slot: number): boolean {
  const file = join(dir, `slot-${slot}`);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A test process killed while it held a slot leaves the file behind: the slot is free again.
  const holder = Number(readFileSafe(file));
  if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(file, { force: true });
  return false;
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Waits for a free slot in `dir` and resolves to the function that gives it back. */
export async function runSlot(dir: string = folder()): Promise<() => void> {
  mkdirSync(dir, { recursive: true });
  for (;;) {
    for (let slot = 0; slot < RUN_SLOTS; slot += 1) {
      if (tryTake(dir, slot))
        return () => {
          rmSync(join(dir, `slot-${slot}`), { force: true });
        };
    }
    await sleep(POLL_MS);
  }
}
