/**
 * The checks of the open exercise: the live run (tests arriving one by one), the last result, watch mode and a
 * short history. Plain TypeScript with a subscribe/snapshot pair like the editor store, so React reads it
 * through useSyncExternalStore; the API, the storage, the clock and the timers are injected, so the sequencing
 * (debounce, cancel, stale results) is unit-tested without a browser (tests/unit/checkStore.test.ts).
 *
 * An exercise with native code has a build step: a check builds first (the button, the shortcut and watch mode
 * alike) and runs the tests only if the build succeeds, since tests against a stale or missing extension
 * would report the wrong thing.
 */
import type { ApiClient, CheckResult, CheckTest, EventPayload } from '../../../electron/core/api';

export type CheckTrigger = 'manual' | 'watch';
export type CheckProgressEvent = EventPayload<'checks.progress'>;

export interface ExerciseRef {
  lessonId: string;
  exerciseId: string;
}

/** A check still running: its tests as they arrive and, once pytest has collected them, how many to expect. */
export interface LiveCheck {
  runId: string;
  trigger: CheckTrigger;
  total: number | null;
  tests: CheckTest[];
  /** Still building the exercise's native code; the tests start once it is built. */
  building?: boolean;
}

export interface FinishedCheck {
  trigger: CheckTrigger;
  result: CheckResult;
  /** The build failed (or was cancelled), so the tests did not run: the Build tab has the story. */
  buildFailed?: boolean;
}

/** What a check waits for first when the exercise has native code: the build (the build store's, shared). */
export interface BuildStep {
  run(): Promise<{ status: 'ok' | 'skipped' | 'failed' | 'cancelled'; result: { summary: string } }>;
  cancel(): void;
}

export interface CheckHistoryEntry {
  runId: string;
  status: Exclude<CheckResult['status'], 'cancelled'>;
  summary: string;
  /** When it finished (ms since the epoch). */
  at: number;
  trigger: CheckTrigger;
}

export interface CheckSnapshot {
  live: LiveCheck | null;
  /** The last check that finished (a cancelled one too, when the student cancelled it); null while one runs. */
  last: FinishedCheck | null;
  watch: boolean;
  /** The last few finished checks' summaries, newest first (cancelled ones left out). */
  history: CheckHistoryEntry[];
}

/**
 * Saves that come closer together than this start one check: an editor's "save all" is several saves within
 * milliseconds. Kept short, because every millisecond here is added to the student's save-to-result time.
 */
export const WATCH_DEBOUNCE_MS = 80;
export const HISTORY_LENGTH = 5;

export interface CheckStoreDeps {
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  now?: () => number;
  newRunId?: () => string;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  debounceMs?: number;
}

type CheckApi = Pick<ApiClient, 'call' | 'on'>;

let runCounter = 0;
/** Letters, digits and "-" only, as the API's id schema asks; unique within this page. */
export function makeRunId(): string {
  runCounter += 1;
  return `check-${Date.now().toString(36)}-${runCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function watchStorageKey(ref: ExerciseRef): string {
  return `pyforge.checks.watch.${ref.lessonId}/${ref.exerciseId}`;
}

/** Folds one progress event into the live run; events of other runs (an older, cancelled one) change nothing. */
export function reduceProgress(live: LiveCheck, event: CheckProgressEvent): LiveCheck {
  if (event.runId !== live.runId) return live;
  switch (event.phase) {
    case 'started':
      return live;
    case 'collected':
      return { ...live, total: event.total };
    case 'test':
      // A test reported twice (never expected, but cheap to guard) replaces its earlier row.
      return { ...live, tests: [...live.tests.filter((t) => t.nodeid !== event.test.nodeid), event.test] };
  }
}

/** The result shown when the API itself refused or failed (a lost connection, an unknown exercise). */
export function failedCall(ref: ExerciseRef, runId: string, err: unknown): CheckResult {
  const message = `The checks could not run: ${err instanceof Error ? err.message : String(err)}`;
  return notRun(ref, runId, 'error', message);
}

/** The result of a check whose tests never ran (the API failed, the build failed or was cancelled). */
function notRun(ref: ExerciseRef, runId: string, status: 'error' | 'cancelled', message: string): CheckResult {
  return {
    runId,
    lessonId: ref.lessonId,
    exerciseId: ref.exerciseId,
    status,
    summary: message,
    ...(status === 'error' ? { problem: { kind: 'setup' as const, message } } : {}),
    tests: [],
    counts: { passed: 0, failed: 0, error: 0, skipped: 0 },
    durationMs: 0,
  };
}

/** A check stopped by its build: the build's own summary says what went wrong. */
export function buildFailedResult(ref: ExerciseRef, runId: string, status: 'failed' | 'cancelled', buildSummary: string): CheckResult {
  return status === 'cancelled'
    ? notRun(ref, runId, 'cancelled', 'Build cancelled: the checks did not run')
    : notRun(ref, runId, 'error', `${buildSummary} (the checks did not run)`);
}

export class CheckStore {
  private snapshot: CheckSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly finishedListeners = new Set<(finished: FinishedCheck) => void>();
  private offProgress: (() => void) | null = null;
  private pendingWatch: unknown = null;
  private buildStep: BuildStep | null = null;
  private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  private readonly now: () => number;
  private readonly newRunId: () => string;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly debounceMs: number;

  constructor(
    private readonly api: CheckApi,
    readonly exercise: ExerciseRef,
    deps: CheckStoreDeps = {},
  ) {
    this.storage = deps.storage === undefined ? (globalThis.localStorage ?? null) : deps.storage;
    this.now = deps.now ?? Date.now;
    this.newRunId = deps.newRunId ?? makeRunId;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.debounceMs = deps.debounceMs ?? WATCH_DEBOUNCE_MS;
    this.snapshot = { live: null, last: null, watch: this.readWatch(), history: [] };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CheckSnapshot => this.snapshot;

  /** Called once per finished (or cancelled by the student) check; a check superseded by a newer one is not reported. */
  onFinished(listener: (finished: FinishedCheck) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /** The exercise's build, run before each check; null when it has nothing to build. */
  setBuildStep(step: BuildStep | null): void {
    this.buildStep = step;
  }

  private update(next: Partial<CheckSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of this.listeners) listener();
  }

  /**
   * Starts a check of the exercise's current files on disk. A check still running is cancelled first: the host
   * would cancel it too, but saying so at once means its late result can never be mistaken for this one's.
   */
  run(trigger: CheckTrigger = 'manual'): string {
    this.clearPendingWatch();
    this.listen();
    const previous = this.snapshot.live;
    // A previous check still building needs no cancel: the build this one starts replaces its build.
    if (previous && !previous.building) this.sendCancel(previous.runId);
    const runId = this.newRunId();
    const step = this.buildStep;
    this.update({ live: { runId, trigger, total: null, tests: [], ...(step ? { building: true } : {}) }, last: null });
    if (!step) {
      this.startTests(runId, trigger);
      return runId;
    }
    step.run().then(
      ({ status, result }) => {
        const live = this.snapshot.live;
        if (live?.runId !== runId) return; // replaced, reset or disposed while building
        if (status === 'failed' || status === 'cancelled') {
          this.finish(runId, trigger, buildFailedResult(this.exercise, runId, status, result.summary), true);
          return;
        }
        this.update({ live: { runId, trigger, total: null, tests: [] } });
        this.startTests(runId, trigger);
      },
      (err: unknown) => this.finish(runId, trigger, failedCall(this.exercise, runId, err), true),
    );
    return runId;
  }

  private startTests(runId: string, trigger: CheckTrigger): void {
    this.api.call('checks.run', { ...this.exercise, runId }).then(
      (result) => this.finish(runId, trigger, result),
      (err: unknown) => this.finish(runId, trigger, failedCall(this.exercise, runId, err)),
    );
  }

  /** Stops the running check (its result comes back as "cancelled") and any re-check waiting for its debounce. */
  cancel(): void {
    this.clearPendingWatch();
    const live = this.snapshot.live;
    if (live?.building) this.buildStep?.cancel();
    else if (live) this.sendCancel(live.runId);
  }

  setWatch(on: boolean): void {
    if (!on) this.clearPendingWatch();
    try {
      this.storage?.setItem(watchStorageKey(this.exercise), on ? '1' : '0');
    } catch {
      // Storage full or denied: the choice still holds for this session.
    }
    this.update({ watch: on });
  }

  /** A file of the exercise was saved: in watch mode, re-check once the saves stop for the debounce delay. */
  notifySaved(): void {
    if (!this.snapshot.watch) return;
    this.clearPendingWatch();
    this.pendingWatch = this.setTimer(() => {
      this.pendingWatch = null;
      this.run('watch');
    }, this.debounceMs);
  }

  /** The workspace was replaced (reset, restore): what was checked no longer exists. History and watch stay. */
  reset(): void {
    this.cancel();
    this.update({ live: null, last: null });
  }

  /** Cancels what runs and stops listening. Safe to call twice; a later run() starts listening again. */
  dispose(): void {
    this.cancel();
    this.offProgress?.();
    this.offProgress = null;
    if (this.snapshot.live) this.update({ live: null });
  }

  private listen(): void {
    this.offProgress ??= this.api.on('checks.progress', (event) => {
      const live = this.snapshot.live;
      if (!live) return;
      const next = reduceProgress(live, event);
      if (next !== live) this.update({ live: next });
    });
  }

  private finish(runId: string, trigger: CheckTrigger, result: CheckResult, buildFailed = false): void {
    // A newer check replaced this one (or the store was reset): its result is about files that changed since.
    if (this.snapshot.live?.runId !== runId) return;
    const history =
      result.status === 'cancelled'
        ? this.snapshot.history
        : [{ runId, status: result.status, summary: result.summary, at: this.now(), trigger }, ...this.snapshot.history].slice(0, HISTORY_LENGTH);
    const finished: FinishedCheck = { trigger, result, ...(buildFailed ? { buildFailed } : {}) };
    this.update({ live: null, last: finished, history });
    for (const listener of this.finishedListeners) listener(finished);
  }

  private sendCancel(runId: string): void {
    this.api.call('checks.cancel', { runId }).catch(() => undefined); // already finished is fine
  }

  private clearPendingWatch(): void {
    if (this.pendingWatch !== null) this.clearTimer(this.pendingWatch);
    this.pendingWatch = null;
  }

  private readWatch(): boolean {
    try {
      return this.storage?.getItem(watchStorageKey(this.exercise)) === '1';
    } catch {
      return false;
    }
  }
}
