/**
 * The open exercise's builds: the one running (its output as it streams), the last result, and the compiler's
 * diagnostics the editor marks. Plain TypeScript with a subscribe/snapshot pair like the check store; the API,
 * the ids and the output timer are injected, so the sequencing is unit-tested (tests/unit/buildStore.test.ts).
 *
 * A new build replaces one still running (the files may have changed since it read them); whoever waited for
 * the replaced one gets the new one's result, so a check waiting to build never waits forever.
 */
import type { ApiClient, BuildDiagnostic, BuildResult } from '../../../electron/core/api';
import { newRequestId } from '../api/requestIds';
import type { ExerciseRef } from '../checks/checkStore';
import { LiveOutput, type Schedule } from '../output/liveOutput';

export type BuildStatus = 'running' | 'ok' | 'failed' | 'skipped' | 'cancelled';
export type FinishedStatus = Exclude<BuildStatus, 'running'>;

export type { ExerciseRef };

export interface BuildSnapshot {
  /** null before the first build of this exercise (since it was opened). */
  status: BuildStatus | null;
  summary: string;
  /** The last finished build's result. */
  result: BuildResult | null;
  /**
   * What the editor marks: the last build that compiled something. An up-to-date or cancelled build reports
   * nothing new, so the earlier build's warnings stay.
   */
  diagnostics: BuildDiagnostic[];
}

export interface BuildFinished {
  status: FinishedStatus;
  result: BuildResult;
}

export interface BuildStoreDeps {
  newBuildId?: () => string;
  schedule?: Schedule;
}

type BuildApi = Pick<ApiClient, 'call' | 'on'>;

/** How a finished build reads: ok, skipped (up to date), cancelled (by the student) or failed. */
export function buildStatus(result: BuildResult, cancelRequested: boolean): FinishedStatus {
  if (result.ok) return result.skipped ? 'skipped' : 'ok';
  return cancelRequested ? 'cancelled' : 'failed';
}

/** The result shown when the API itself refused or failed (a lost connection, an exercise without a build). */
export function failedBuild(buildId: string, err: unknown): BuildResult {
  const message = err instanceof Error ? err.message : String(err);
  return { buildId, ok: false, skipped: false, summary: `The build could not run: ${message}`, output: '', diagnostics: [], durationMs: 0 };
}

export class BuildStore {
  private snapshot: BuildSnapshot = { status: null, summary: '', result: null, diagnostics: [] };
  private readonly listeners = new Set<() => void>();
  private readonly finishedListeners = new Set<(finished: BuildFinished) => void>();
  private offOutput: (() => void) | null = null;
  /** The build running now, and whether the student asked to cancel it. */
  private current: { buildId: string; cancelRequested: boolean } | null = null;
  /** Whoever waits for the running build (or the build that replaced it). */
  private waiters: ((finished: BuildFinished) => void)[] = [];
  /** The output as it streams, observed by the view that shows it. */
  readonly output: LiveOutput;
  private readonly newBuildId: () => string;

  constructor(
    private readonly api: BuildApi,
    readonly exercise: ExerciseRef,
    deps: BuildStoreDeps = {},
  ) {
    this.newBuildId = deps.newBuildId ?? (() => newRequestId('build'));
    this.output = new LiveOutput(null, deps.schedule);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): BuildSnapshot => this.snapshot;

  /** Called once per finished build (a replaced build is not reported). */
  onFinished(listener: (finished: BuildFinished) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  get running(): boolean {
    return this.current !== null;
  }

  private update(next: Partial<BuildSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of this.listeners) listener();
  }

  /** Builds the exercise's files as they are on disk; resolves when this build (or one that replaced it) ends. */
  run(): Promise<BuildFinished> {
    this.listen();
    if (this.current) this.sendCancel(this.current.buildId);
    const buildId = this.newBuildId();
    this.current = { buildId, cancelRequested: false };
    const finished = new Promise<BuildFinished>((resolve) => this.waiters.push(resolve));
    this.output.clear();
    this.update({ status: 'running', summary: 'Building…' });
    this.api.call('build.run', { ...this.exercise, buildId }).then(
      (result) => this.finish(buildId, result),
      (err: unknown) => this.finish(buildId, failedBuild(buildId, err)),
    );
    return finished;
  }

  cancel(): void {
    if (!this.current) return;
    this.current.cancelRequested = true;
    this.sendCancel(this.current.buildId);
  }

  /** The workspace was replaced (reset, restore): what was built and marked no longer exists. */
  reset(): void {
    this.abandon();
    this.output.clear();
    this.update({ status: null, summary: '', result: null, diagnostics: [] });
  }

  /** Cancels what runs and stops listening. Safe to call twice; a later run() starts listening again. */
  dispose(): void {
    this.abandon();
    this.offOutput?.();
    this.offOutput = null;
  }

  /** Cancels the running build and forgets it: its late result is ignored, and whoever waits hears "cancelled". */
  private abandon(): void {
    const current = this.current;
    if (!current) return;
    this.cancel();
    this.current = null;
    this.resolveWaiters({ status: 'cancelled', result: { ...failedBuild(current.buildId, 'cancelled'), summary: 'Build cancelled' } });
    if (this.snapshot.status === 'running') this.update({ status: 'cancelled', summary: 'Build cancelled' });
  }

  private listen(): void {
    this.offOutput ??= this.api.on('build.output', ({ buildId, chunk }) => {
      if (buildId === this.current?.buildId) this.output.append(chunk);
    });
  }

  private finish(buildId: string, result: BuildResult): void {
    // Replaced by a newer build: its waiters wait for that one.
    if (this.current?.buildId !== buildId) return;
    const status = buildStatus(result, this.current.cancelRequested);
    this.current = null;
    // The output arrives as events before the answer; a build that never streamed may still carry some.
    if (this.output.isEmpty && result.output) this.output.append(result.output);
    this.output.flush();
    const compiled = status === 'ok' || status === 'failed';
    this.update({ status, summary: result.summary, result, ...(compiled ? { diagnostics: result.diagnostics } : {}) });
    const finished = { status, result };
    this.resolveWaiters(finished);
    for (const listener of this.finishedListeners) listener(finished);
  }

  private resolveWaiters(finished: BuildFinished): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(finished);
  }

  private sendCancel(buildId: string): void {
    this.api.call('build.cancel', { buildId }).catch(() => undefined); // already finished is fine
  }
}
