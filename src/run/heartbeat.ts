import { relative } from 'node:path';

/**
 * Progress on long work: a suite file prints its line when it ends, and against a slow target one fuzz or
 * stateful file can take many minutes. When nothing has been printed for `intervalMs`, the heartbeat says
 * what is running (file, how far it got, the test under way and for how long), so a user or a CI job that
 * kills silent steps can tell a slow run from a stuck one.
 */

/** The parts of vitest's TestCase and TestModule the heartbeat reads. */
export interface CaseLike {
  readonly fullName: string;
  readonly module: { readonly moduleId: string };
  readonly options: { readonly mode: string };
  result(): { readonly state: string };
}
export interface ModuleLike {
  readonly moduleId: string;
  readonly children: { allTests(): Iterable<CaseLike> };
}

/** Tests left out by --grep (or a name filter) are reported skipped without running: they are not counted. */
function selected(testCase: CaseLike): boolean {
  return testCase.options.mode === 'run' || testCase.options.mode === 'only';
}

interface RunningFile {
  total: number;
  done: number;
  current?: { readonly name: string; readonly since: number };
}

export interface HeartbeatOptions {
  readonly intervalMs: number;
  /** Relative file names in the lines. */
  readonly root: string;
  readonly print: (line: string) => void;
  readonly now?: () => number;
  /** How often silence is checked; default a tenth of the interval, at most 5 s. */
  readonly checkEveryMs?: number;
  /**
   * The tests failed so far as the run's report will count them (the collector's): vitest's own "failed"
   * includes a test a 429 stopped, which the report counts as not tested. Default: vitest's.
   */
  readonly failedSoFar?: () => number;
}

/** The vitest reporter hooks the heartbeat follows (a vitest Reporter). */
export interface HeartbeatReporter {
  onTestRunStart(): void;
  onTestModuleCollected(module: ModuleLike): void;
  onTestCaseReady(testCase: CaseLike): void;
  onTestCaseResult(testCase: CaseLike): void;
  onTestModuleEnd(module: ModuleLike): void;
  onTestRunEnd(): void;
}

export interface Heartbeat {
  /** Prints a progress line and restarts the silence count: every progress line goes through here. */
  readonly progress: (line: string) => void;
  readonly reporter: HeartbeatReporter;
  /** Checks for silence once (the timer calls it; tests call it with a fake clock). */
  tick(): void;
  /** Stops the timer. Idempotent. */
  stop(): void;
}

/** `42s`, `3m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const MAX_NAME = 80;

function shorten(name: string): string {
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 1)}…`;
}

export function createHeartbeat(options: HeartbeatOptions): Heartbeat {
  const now = options.now ?? Date.now;
  const running = new Map<string, RunningFile>();
  let started: number | undefined;
  let lastLine = now();
  let finished = 0;
  let failed = 0;
  let timer: NodeJS.Timeout | undefined;

  const progress = (line: string): void => {
    lastLine = now();
    options.print(line);
  };

  const fileOf = (moduleId: string): RunningFile => {
    let file = running.get(moduleId);
    if (file === undefined) {
      file = { total: 0, done: 0 };
      running.set(moduleId, file);
    }
    return file;
  };

  const describeFile = (moduleId: string, file: RunningFile, at: number): string => {
    const name = relative(options.root, moduleId);
    const count = file.total > 0 ? `${file.done} of ${file.total}` : `${file.done}`;
    const current =
      file.current === undefined
        ? ''
        : `, now "${shorten(file.current.name)}" for ${formatElapsed(at - file.current.since)}`;
    return `      ${name}: ${count} done${current}`;
  };

  const tick = (): void => {
    const at = now();
    if (started === undefined || at - lastLine < options.intervalMs) return;
    const failures = options.failedSoFar?.() ?? failed;
    const done = `${finished} test${finished === 1 ? '' : 's'} done${failures > 0 ? ` (${failures} failed)` : ''}`;
    const what = running.size === 0 ? 'starting the next file' : 'running:';
    progress(`  … ${formatElapsed(at - started)}: ${done}; ${what}`);
    for (const [moduleId, file] of running) progress(describeFile(moduleId, file, at));
  };

  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  const reporter: HeartbeatReporter = {
    onTestRunStart() {
      stop();
      started = now();
      lastLine = started;
      const every = options.checkEveryMs ?? Math.min(5000, Math.max(100, options.intervalMs / 10));
      timer = setInterval(tick, every);
      // The timer must never keep a finished run's process alive.
      timer.unref();
    },
    onTestModuleCollected(module: ModuleLike) {
      fileOf(module.moduleId).total = [...module.children.allTests()].filter(selected).length;
    },
    onTestCaseReady(testCase: CaseLike) {
      fileOf(testCase.module.moduleId).current = { name: testCase.fullName, since: now() };
    },
    onTestCaseResult(testCase: CaseLike) {
      if (!selected(testCase)) return;
      const file = fileOf(testCase.module.moduleId);
      file.done += 1;
      if (file.current?.name === testCase.fullName) delete file.current;
      finished += 1;
      if (testCase.result().state === 'failed') failed += 1;
    },
    onTestModuleEnd(module: ModuleLike) {
      running.delete(module.moduleId);
    },
    onTestRunEnd() {
      stop();
    },
  };

  return { progress, reporter, tick, stop };
}
