/**
 * Checks: runs an exercise's tests from the lesson pack (never the student's copy) against the student's
 * workspace, through the sandboxed runner with the toolchain's environment. On POSIX a warm checker per
 * workspace answers re-checks in ~90 ms; on Windows (no fork) each check is a fresh `pyforge_check.py run`.
 * A newer check of the same workspace cancels the one still running: the latest files are what matter.
 */
import { promises as fs } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import type { CheckResult, CheckTest } from '../api.js';
import { runSandboxed, type RunLimits } from '../runner/index.js';
export type { RunLimits };
import { LineSplitter, parseEventLine, type CheckerEvent } from './protocol.js';
import { summarize, type CheckFacts } from './summarize.js';
import { readablePathsFor, WarmChecker, type CheckOutcome } from './warmChecker.js';

export interface CheckTarget {
  runId: string;
  lessonId: string;
  exerciseId: string;
  /** The lesson pack's tests/ folder. */
  testsDir: string;
  /** The student's copy of the exercise. */
  workspace: string;
  timeoutSeconds: number;
  limits: Partial<RunLimits>;
  /** Captured output kept per test (exercise.yaml's check.output_kib). */
  outputBytes?: number;
}

export type CheckProgress =
  | { phase: 'collected'; total: number }
  | { phase: 'test'; test: CheckTest };

export interface CheckEnvironment {
  python: string;
  env: NodeJS.ProcessEnv;
}

/** A warm checker not used for this long is stopped (its memory goes back to the machine). */
const IDLE_MS = 10 * 60_000;
/** Warm checkers kept at once: the exercise open now and the one before it. */
const MAX_WARM = 2;

export function checkerScript(runtimeDir: string): string {
  return path.join(runtimeDir, 'checker', 'pyforge_check.py');
}

export class CheckService {
  private readonly warm = new Map<string, WarmChecker>();
  private readonly running = new Map<string, { workspace: string; abort: AbortController }>();
  private readonly idleTimer: NodeJS.Timeout;

  constructor(
    private readonly runtimeDir: string,
    /** The interpreter and environment for a workspace (its chosen interpreter's course environment). */
    private readonly environmentFor: (workspace: string) => Promise<CheckEnvironment>,
    private readonly useWarm = process.platform !== 'win32',
  ) {
    this.idleTimer = setInterval(() => this.stopIdle(), 60_000);
    this.idleTimer.unref();
  }

  /** Starts the warm checker for a workspace ahead of its first check (when the exercise is opened). */
  async prewarm(target: Pick<CheckTarget, 'workspace' | 'limits' | 'testsDir'>): Promise<void> {
    if (!this.useWarm) return;
    const checker = await this.checkerFor(target);
    await checker.whenReady().catch(() => undefined);
  }

  async run(requested: CheckTarget, onProgress: (progress: CheckProgress) => void): Promise<CheckResult> {
    // Registered before anything is awaited, so a cancel right after the call is not lost.
    const abort = new AbortController();
    const entry = { workspace: requested.workspace, abort };
    this.running.set(requested.runId, entry);
    // Real paths: a sandbox with its own /tmp sees a folder by its real path, not through a link to it.
    const real = async (p: string): Promise<string> => fs.realpath(p).catch(() => p);
    const target = { ...requested, testsDir: await real(requested.testsDir), workspace: await real(requested.workspace) };
    entry.workspace = target.workspace;
    // The latest save wins: a check of the same workspace still running is cancelled.
    for (const [runId, other] of this.running) if (other !== entry && other.workspace === target.workspace) this.cancel(runId);
    const started = performance.now();
    const tests: CheckTest[] = [];
    const onEvent = (event: CheckerEvent): void => {
      if (event.type === 'start') onProgress({ phase: 'collected', total: event.total });
      else if (event.type === 'test') {
        const { type: _type, ...test } = event;
        tests.push(test);
        onProgress({ phase: 'test', test });
      }
    };
    try {
      const outcome = this.useWarm ? await this.runWarm(target, onEvent, abort.signal) : await this.runOnce(target, onEvent, abort.signal);
      const facts: CheckFacts = {
        runId: target.runId,
        lessonId: target.lessonId,
        exerciseId: target.exerciseId,
        tests,
        collectErrors: outcome.events.filter((e): e is Extract<CheckerEvent, { type: 'collect-error' }> => e.type === 'collect-error'),
        done: outcome.events.find((e): e is Extract<CheckerEvent, { type: 'done' }> => e.type === 'done') ?? null,
        end: outcome.events.find((e): e is Extract<CheckerEvent, { type: 'end' }> => e.type === 'end') ?? null,
        runner: outcome.runner,
        timeoutSeconds: target.timeoutSeconds,
        cancelled: outcome.cancelled || abort.signal.aborted,
        durationMs: performance.now() - started,
      };
      return summarize(facts);
    } finally {
      this.running.delete(requested.runId);
    }
  }

  /** Stops the warm checker of a workspace whose folder was replaced (reset, restore). */
  forget(workspace: string): void {
    for (const [runId, r] of this.running) if (r.workspace === workspace) this.cancel(runId);
    this.warm.get(workspace)?.dispose();
    this.warm.delete(workspace);
  }

  cancel(runId: string): void {
    this.running.get(runId)?.abort.abort();
  }

  dispose(): void {
    clearInterval(this.idleTimer);
    for (const { abort } of this.running.values()) abort.abort();
    for (const checker of this.warm.values()) checker.dispose();
    this.warm.clear();
  }

  private async checkerFor({ workspace, limits, testsDir }: Pick<CheckTarget, 'workspace' | 'limits' | 'testsDir'>): Promise<WarmChecker> {
    const { python, env } = await this.environmentFor(workspace);
    const existing = this.warm.get(workspace);
    const same =
      existing?.alive &&
      existing.options.python === python &&
      existing.options.testsDirs?.[0] === testsDir &&
      JSON.stringify(existing.options.limits) === JSON.stringify(limits);
    if (existing && same) return existing;
    existing?.dispose();
    const checker = new WarmChecker({ python, script: checkerScript(this.runtimeDir), workspace, env, limits, testsDirs: [testsDir], writablePaths: buildFolders(env) });
    this.warm.set(workspace, checker);
    // Keep the most recently used few.
    const byAge = [...this.warm.entries()].sort((a, b) => b[1].lastUsed - a[1].lastUsed);
    for (const [key, old] of byAge.slice(MAX_WARM)) {
      old.dispose();
      this.warm.delete(key);
    }
    return checker;
  }

  private async runWarm(target: CheckTarget, onEvent: (e: CheckerEvent) => void, signal: AbortSignal): Promise<CheckOutcome> {
    const checker = await this.checkerFor(target);
    try {
      return await checker.check({ testsDir: target.testsDir, timeoutSeconds: target.timeoutSeconds, ...(target.outputBytes ? { outputBytes: target.outputBytes } : {}) }, onEvent, signal);
    } catch (err) {
      // The server could not start (or died before answering): report it as the checker's failure.
      return { events: [], runner: { outcome: 'failed-to-start', summary: err instanceof Error ? err.message : String(err), stderr: '' }, cancelled: signal.aborted };
    }
  }

  /** One fresh checker process for one check (Windows, and the headless grader's `--cold`). */
  private async runOnce(target: CheckTarget, onEvent: (e: CheckerEvent) => void, signal: AbortSignal): Promise<CheckOutcome> {
    const { python, env } = await this.environmentFor(target.workspace);
    return runCheckOnce({ python, env, runtimeDir: this.runtimeDir, target, onEvent, signal });
  }

  private stopIdle(): void {
    const now = Date.now();
    for (const [key, checker] of this.warm) {
      if (now - checker.lastUsed > IDLE_MS && ![...this.running.values()].some((r) => r.workspace === key)) {
        checker.dispose();
        this.warm.delete(key);
      }
    }
  }
}

/**
 * Folders a check's builds write to besides the workspace: cargo's private home (its package-cache lock) and
 * the shared target folder where the PyO3 dependencies are prebuilt.
 */
export function buildFolders(env: NodeJS.ProcessEnv): string[] {
  return [env.CARGO_HOME, env.CARGO_TARGET_DIR].filter((p): p is string => Boolean(p));
}

/** Runs `pyforge_check.py run` once in the sandbox and collects its events. */
export async function runCheckOnce(options: {
  python: string;
  env: NodeJS.ProcessEnv;
  runtimeDir: string;
  target: CheckTarget;
  onEvent: (e: CheckerEvent) => void;
  signal?: AbortSignal;
}): Promise<CheckOutcome> {
  const { target } = options;
  const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const events: CheckerEvent[] = [];
  const lines = new LineSplitter((line) => {
    const parsed = parseEventLine(line);
    if (!parsed || parsed.nonce !== nonce) return;
    events.push(parsed.event);
    options.onEvent(parsed.event);
  });
  let stderr = '';
  const request = JSON.stringify({ tests: target.testsDir, workspace: target.workspace, timeout: target.timeoutSeconds, nonce, outputBytes: target.outputBytes });
  const result = await runSandboxed({
    command: options.python,
    args: ['-X', 'faulthandler', checkerScript(options.runtimeDir), 'run', request],
    cwd: target.workspace,
    env: options.env,
    readablePaths: readablePathsFor(options.python, checkerScript(options.runtimeDir), [target.testsDir]),
    writablePaths: buildFolders(options.env),
    limits: { ...target.limits, timeoutMs: target.timeoutSeconds * 1000 },
    ...(options.signal ? { signal: options.signal } : {}),
    onOutput: (chunk, stream) => {
      if (stream === 'stdout') lines.push(chunk);
      else stderr = (stderr + chunk).slice(-8192);
    },
  });
  const ended = events.some((e) => e.type === 'end');
  if (!ended && result.outcome === 'timeout') {
    events.push({ type: 'end', exitCode: null, signal: null, timedOut: true, durationMs: result.durationMs, strayOutput: '' });
  } else if (!ended && result.signal) {
    const number = { SIGSEGV: 11, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGILL: 4, SIGKILL: 9 }[result.signal as string] ?? 9;
    events.push({ type: 'end', exitCode: null, signal: number, timedOut: false, durationMs: result.durationMs, strayOutput: stderr });
  }
  const runnerEnded = !events.some((e) => e.type === 'end');
  return { events, runner: runnerEnded ? { outcome: result.outcome, summary: result.summary, stderr } : null, cancelled: result.outcome === 'stopped' };
}
