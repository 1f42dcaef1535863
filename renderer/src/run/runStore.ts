/**
 * F5: the program running from the editor (its stdout and stderr as they stream), and how the last one ended.
 * One store per workspace; plain TypeScript with a subscribe/snapshot pair, the API, the ids and the output
 * timer injected, so the sequencing is unit-tested (tests/unit/runStore.test.ts).
 *
 * A new run stops the one still running, as an IDE's "restart" does: the student pressed F5 again because
 * they changed something.
 */
import type { ApiClient, RunResult } from '../../../electron/core/api';
import { newRequestId } from '../api/requestIds';
import { LiveOutput, type Schedule } from '../output/liveOutput';

export interface RunSnapshot {
  /** The file running or last run; null before the first run. */
  path: string | null;
  running: boolean;
  /**
   * Stop was pressed and the run has not ended yet. Under a flood of output the answer can take seconds to
   * arrive behind the output already on its way, so the button says at once that it was heard.
   */
  stopping: boolean;
  /** How the last run ended; null while one runs. */
  result: RunResult | null;
}

export interface RunStoreDeps {
  newRunId?: () => string;
  schedule?: Schedule;
}

type RunApi = Pick<ApiClient, 'call' | 'on'>;

/** The result shown when the API itself refused or failed (not a .py file, a lost connection). */
export function failedRun(runId: string, err: unknown): RunResult {
  const message = err instanceof Error ? err.message : String(err);
  return { runId, outcome: 'failed-to-start', exitCode: null, summary: `could not run: ${message}`, durationMs: 0, outputCapped: false };
}

export class RunStore {
  private snapshot: RunSnapshot = { path: null, running: false, stopping: false, result: null };
  private readonly listeners = new Set<() => void>();
  private offOutput: (() => void) | null = null;
  private currentId: string | null = null;
  /** The output as it streams, observed by the view that shows it. */
  readonly output: LiveOutput;
  private readonly newRunId: () => string;

  constructor(
    private readonly api: RunApi,
    deps: RunStoreDeps = {},
  ) {
    this.newRunId = deps.newRunId ?? (() => newRequestId('run'));
    this.output = new LiveOutput(null, deps.schedule);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RunSnapshot => this.snapshot;

  private update(next: Partial<RunSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const listener of this.listeners) listener();
  }

  /** Runs a workspace-relative .py file (saved by the caller); resolves with its result, or null when replaced. */
  run(path: string): Promise<RunResult | null> {
    this.listen();
    if (this.currentId) this.sendStop(this.currentId);
    const runId = this.newRunId();
    this.currentId = runId;
    this.output.clear();
    this.update({ path, running: true, stopping: false, result: null });
    return this.api.call('run.start', { path, runId }).then(
      (result) => this.finish(runId, result),
      (err: unknown) => this.finish(runId, failedRun(runId, err)),
    );
  }

  stop(): void {
    if (!this.currentId) return;
    this.sendStop(this.currentId);
    if (!this.snapshot.stopping) this.update({ stopping: true });
  }

  /** The workspace was replaced (reset, restore): the run's output and traceback are about files that are gone. */
  reset(): void {
    this.stop();
    this.currentId = null;
    this.output.clear();
    this.update({ path: null, running: false, stopping: false, result: null });
  }

  /** Stops what runs and stops listening. Safe to call twice; a later run() listens again. */
  dispose(): void {
    this.stop();
    this.currentId = null;
    this.offOutput?.();
    this.offOutput = null;
    if (this.snapshot.running) this.update({ running: false, stopping: false });
  }

  private listen(): void {
    this.offOutput ??= this.api.on('run.output', ({ runId, chunk, stream }) => {
      if (runId === this.currentId) this.output.append(chunk, stream);
    });
  }

  private finish(runId: string, result: RunResult): RunResult | null {
    if (this.currentId !== runId) return null; // a newer run replaced it
    this.currentId = null;
    this.output.flush();
    this.update({ running: false, stopping: false, result });
    return result;
  }

  private sendStop(runId: string): void {
    this.api.call('run.stop', { runId }).catch(() => undefined); // already finished is fine
  }
}
